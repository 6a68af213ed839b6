/** `import text from './file.py?raw'`: a file's text, as vite (tests) and scripts/esbuild-raw-imports.mjs (the build) load it. */
declare module '*?raw' {
  const text: string;
  export default text;
}
