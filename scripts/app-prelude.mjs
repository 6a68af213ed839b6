// The application bundle run by a plain `node -e` at build time, as the launcher runs it
// (src/app-loader.ts): compiled from the wrapped file with node:vm and called with CommonJS's
// arguments. Both build steps that need the running application (its code cache, its help
// texts) start from this text, which defines `fs`, `path`, `script` (the vm.Script) and `app`.

/** JavaScript source that loads `appFile` (named `filename` in stacks and the code cache). */
export function appPrelude(appFile, filename) {
  return `
    const fs = require('node:fs'), path = require('node:path'), vm = require('node:vm');
    const script = new vm.Script(fs.readFileSync(${JSON.stringify(appFile)}, 'utf8'), { filename: ${JSON.stringify(filename)} });
    const module = { exports: {} };
    script.runInThisContext()(module.exports, require, module, process.execPath, path.dirname(process.execPath));
    const app = module.exports;
  `;
}
