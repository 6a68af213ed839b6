import { loadApp } from './app-loader.js';
import { cachedHelp } from './help-cache.js';
import { VERSION } from './version.js';

const argv = process.argv.slice(2);
// A reader that stops early (`dataops resolve | head`) closes the pipe: that is not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
// `dataops --version` and every command's `--help` are answered before the application loads: CI
// scripts call the one to check an install, people read the other, and loading yargs and the
// commands is most of the binary's start-up cost.
const help = argv.length === 1 && argv[0] === '--version' ? `${VERSION}\n` : cachedHelp(argv, process.env, process.stdout.columns);
if (help !== undefined) {
  process.stdout.write(help);
} else {
  // No top-level await: the launcher is CommonJS inside a single executable application.
  void loadApp()
    .runCli(argv)
    .then((code) => {
      process.exitCode = code;
    });
}
