import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/** What the application bundle exports (src/cli/app.ts). */
export interface App {
  runCli(argv: readonly string[]): Promise<number>;
}

/** Asset and file names shared with scripts/build.mjs. */
export const APP_ASSET = 'app.cjs';
export const APP_CACHE_ASSET = 'app.cache';
export const APP_FILENAME = 'dataops-app.cjs';

type AppFactory = (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string) => void;

/**
 * The launcher stays tiny so `--version` starts as fast as bare Node; the application
 * (yargs and every command) is a second bundle, an asset of the single executable, compiled
 * here with the V8 code cache the build made for it.
 */
export function loadApp(): App {
  // node:sea exists only in Node 20+; in a plain `node dist/…` run the app bundle sits beside the launcher.
  const sea = require('node:sea') as typeof import('node:sea');
  if (!sea.isSea()) return createRequire(__filename)(path.join(__dirname, APP_FILENAME)) as App;
  const source = sea.getAsset(APP_ASSET, 'utf8');
  let cachedData: Buffer | undefined;
  try {
    cachedData = Buffer.from(sea.getRawAsset(APP_CACHE_ASSET));
  } catch {
    cachedData = undefined; // cross-built binaries carry no code cache
  }
  // The asset is already wrapped as `(function (exports, require, module, __filename, __dirname) {…})`
  // by scripts/build.mjs, which made the code cache from exactly this text.
  // No importModuleDynamically: the build turns import() of built-ins into require()
  // (scripts/esbuild-builtin-imports.mjs), so the app never needs a module loader here.
  const script = new vm.Script(source, { filename: APP_FILENAME, cachedData });
  if (process.env.DATAOPS_DEBUG_CODE_CACHE) process.stderr.write(`app code cache ${cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'used'}\n`);
  const factory = script.runInThisContext() as AppFactory;
  const module = { exports: {} };
  factory(module.exports, require, module, process.execPath, path.dirname(process.execPath));
  return module.exports as App;
}
