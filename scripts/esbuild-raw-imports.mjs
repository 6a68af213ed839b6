// `import text from './file?raw'` gives the file's text, as vite (which runs the tests) does:
// files the binary hands to other programs (the Python task runtime of `dataops local`) stay
// real files in the source tree, and reach the single executable as strings.
import { createRequire } from 'node:module';
import path from 'node:path';

export const rawImports = {
  name: 'raw-imports',
  setup(build) {
    build.onResolve({ filter: /\?raw$/ }, (args) => {
      const file = args.path.slice(0, -'?raw'.length);
      // A relative path is a file of ours; a bare one a file of a package (uplot/dist/…).
      const resolved = file.startsWith('.') ? path.resolve(args.resolveDir, file) : createRequire(path.join(args.resolveDir, 'index.js')).resolve(file);
      return { path: resolved, namespace: 'raw' };
    });
    build.onLoad({ filter: /.*/, namespace: 'raw' }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      return { contents: await readFile(args.path, 'utf8'), loader: 'text' };
    });
  },
};
