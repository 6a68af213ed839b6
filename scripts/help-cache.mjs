// The help texts the single executable's launcher answers `--help` with (src/help-cache.ts):
// rendered once at build time by the application bundle itself, its own yargs, for every command
// path at each width the application wraps to, so they are exactly what it would print.
import { execFileSync } from 'node:child_process';

/** Renders every command's help with `node`, after `prelude` (scripts/app-prelude.mjs) loaded the application, into `outFile` (JSON). */
export function makeHelpCache(node, prelude, outFile) {
  const script = `${prelude}
    (async () => {
      const texts = {};
      for (const width of ${JSON.stringify([100, 110])}) {
        // Without a terminal the application wraps at 100 columns; on one, at min(110, its width).
        Object.defineProperty(process.stdout, 'columns', { value: width === 100 ? undefined : width, configurable: true });
        for (const words of app.helpPaths()) {
          let text = '';
          const write = process.stdout.write;
          process.stdout.write = (chunk) => ((text += chunk), true);
          const code = await app.runCli([...words, '--help']).finally(() => (process.stdout.write = write));
          if (code !== 0 || !text.includes('--help')) throw new Error('dataops ' + [...words, '--help'].join(' ') + ' exited ' + code);
          texts[(width + ' ' + words.join(' ')).trimEnd()] = text;
        }
      }
      fs.writeFileSync(${JSON.stringify(outFile)}, JSON.stringify(texts));
    })().catch((error) => { console.error(error); process.exit(1); });
  `;
  execFileSync(node, ['-e', script], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NODE_OPTIONS: '' } });
}
