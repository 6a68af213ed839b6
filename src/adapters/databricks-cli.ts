/**
 * The Databricks CLI's bundle commands, through zx: output streamed line by line as it
 * comes, and the last lines kept to explain a failure.
 */
import { ExternalError } from '../core/errors.js';
import { NOT_FOUND, runProcess } from './process.js';

/** How many of the CLI's last output lines a failure report shows. */
export const TAIL_LINES = 20;

export interface CliRun {
  exitCode: number | null;
  stdout: string;
  /** The last lines of stderr and stdout together, in the order they came. */
  tail: string[];
}

export interface CliOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Each complete line of output (stdout only when `streamStdout`). */
  onLine?: (line: string) => void;
  /** stdout is a document (summary -o json): keep it out of the stream. */
  streamStdout?: boolean;
  timeoutMs?: number;
}

export async function runDatabricks(args: readonly string[], options: CliOptions): Promise<CliRun> {
  const tail: string[] = [];
  const partial = { stdout: '', stderr: '' };
  const take = (line: string): void => {
    if (line.trim() === '') return;
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    options.onLine?.(line);
  };
  const result = await runProcess('databricks', args, {
    cwd: options.cwd,
    env: options.env,
    timeoutMs: options.timeoutMs,
    onOutput: (chunk, stream) => {
      if (stream === 'stdout' && !options.streamStdout) return;
      const lines = (partial[stream] + chunk).split(/\r?\n/);
      partial[stream] = lines.pop() ?? '';
      lines.forEach(take);
    },
  });
  take(partial.stderr);
  if (options.streamStdout) take(partial.stdout);
  if (result.exitCode === NOT_FOUND) {
    throw new ExternalError('the Databricks CLI (databricks) is not installed or not on PATH', {
      hint: 'install it: curl -fsSL https://raw.githubusercontent.com/databricks/setup-cli/main/install.sh | sh (dataops doctor checks it)',
    });
  }
  return { exitCode: result.exitCode, stdout: result.stdout, tail };
}
