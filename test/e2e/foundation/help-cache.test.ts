import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { helpPaths } from '../../../src/cli/app.js';
import { BINARY, cleanEnv, dataops } from '../../helpers/binary.js';

/**
 * The launcher answers `<command> --help` with the text the build rendered through the
 * application's own yargs. It must print exactly what the application prints (DATAOPS_HELP_CACHE=0
 * makes the application answer), without a terminal and on one, and without loading it.
 */
const APPLICATION = { DATAOPS_HELP_CACHE: '0' };

/** Through a pseudo-terminal `columns` wide (util-linux `script`), as a person at a terminal reads it. */
function onTerminal(args: readonly string[], columns: number, env: NodeJS.ProcessEnv = {}): string {
  const command = `stty cols ${columns}; "${BINARY}" ${args.join(' ')}`;
  const run = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: { ...cleanEnv(process.env), ...env } });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

describe("the launcher's rendered help", () => {
  it('prints what the application prints for every command, without a terminal', () => {
    const paths = helpPaths();
    expect(paths.length).toBeGreaterThan(25);
    for (const words of paths) {
      const args = [...words, '--help'];
      const launcher = dataops(args);
      const application = dataops(args, { env: APPLICATION });
      expect([args.join(' '), launcher.code, launcher.stdout]).toEqual([args.join(' '), 0, application.stdout]);
    }
  });

  it('prints what the application prints on a terminal wide or narrow', () => {
    for (const args of [['--help'], ['validate', '--help'], ['local', 'up', '--help'], ['setup', 'oidc', '--help']]) {
      for (const columns of [130, 110, 100, 72]) {
        expect([args.join(' '), columns, onTerminal(args, columns)]).toEqual([args.join(' '), columns, onTerminal(args, columns, APPLICATION)]);
      }
    }
  });

  it('answers without loading the application, and leaves anything else to it', () => {
    // The loader says when it compiles the application (src/app-loader.ts): its silence says the launcher answered alone.
    const loadsApplication = (args: string[], env: NodeJS.ProcessEnv = {}): boolean => {
      const run = dataops(args, { env: { DATAOPS_DEBUG_CODE_CACHE: '1', ...env } });
      expect(run.code, run.stderr).toBe(0);
      return run.stderr.includes('app code cache');
    };
    expect(loadsApplication(['validate', '--help'])).toBe(false);
    expect(loadsApplication(['validate', '--help'], APPLICATION)).toBe(true);
    // Flags before --help, or a word that is no command, are the application's to judge.
    expect(loadsApplication(['validate', '--json', '--help'])).toBe(true);
    expect(loadsApplication(['valdate', '--help'])).toBe(true);
  });
});
