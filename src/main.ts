import { runCli } from './cli/app.js';

// No top-level await: the bundle is CommonJS inside a single executable application.
void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
