// The application runs inside vm.Script (src/app-loader.ts), where a real import() has no
// loader without an experimental flag. esbuild leaves `import('node:fs')` of built-ins as a
// real import(); this plugin routes those through a bundled shim that calls require() instead.
import { builtinModules } from 'node:module';

const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

export const builtinDynamicImports = {
  name: 'builtin-dynamic-imports',
  setup(build) {
    build.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) => {
      if (args.kind !== 'dynamic-import' || !BUILTINS.has(args.path)) return undefined;
      return { path: args.path, namespace: 'builtin-shim' };
    });
    build.onLoad({ filter: /.*/, namespace: 'builtin-shim' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};
