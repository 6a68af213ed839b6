// yargs 18 measures text with string-width 8, which builds Unicode-property regexes (`\p{RGI_Emoji}`
// with the `v` flag) as soon as it loads: ≈27 ms of every command's start, although yargs needs
// widths only to wrap --help. yargs' own layout library, cliui, ships string-width 7 (same API,
// regexes made on first use); this plugin gives yargs that copy. Other importers keep version 8.
import path from 'node:path';

export const yargsStringWidth = {
  name: 'yargs-string-width',
  setup(build) {
    build.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (!args.importer.includes(`${path.sep}yargs${path.sep}`)) return undefined;
      const cliui = await build.resolve('cliui', { resolveDir: args.resolveDir, kind: 'import-statement' });
      let dir = path.dirname(cliui.path);
      while (path.basename(dir) !== 'cliui' && dir !== path.dirname(dir)) dir = path.dirname(dir);
      const resolved = await build.resolve('string-width', { resolveDir: dir, kind: 'import-statement' });
      return resolved.errors.length > 0 ? undefined : { path: resolved.path };
    });
  },
};
