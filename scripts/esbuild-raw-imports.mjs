// `import text from './file?raw'` gives the file's text, as vite (which runs the tests) does:
// files the binary hands to other programs (the Python task runtime of `dataops local`) stay
// real files in the source tree, and reach the single executable as strings.
import path from 'node:path';

export const rawImports = {
  name: 'raw-imports',
  setup(build) {
    build.onResolve({ filter: /\?raw$/ }, (args) => ({ path: path.resolve(args.resolveDir, args.path.slice(0, -'?raw'.length)), namespace: 'raw' }));
    build.onLoad({ filter: /.*/, namespace: 'raw' }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      return { contents: await readFile(args.path, 'utf8'), loader: 'text' };
    });
  },
};
