/**
 * Child processes, through zx (loaded on first use: it is the heaviest module at start-up).
 */
export interface ProcessResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

export interface ProcessOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  input?: string;
  /** Called with each chunk of output as it arrives (both streams). */
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
}

/** Shell exit code for "command not found". */
export const NOT_FOUND = 127;

export async function runProcess(command: string, args: readonly string[], options: ProcessOptions = {}): Promise<ProcessResult> {
  const { $ } = await import('zx');
  const shell = $({
    cwd: options.cwd,
    env: options.env ?? process.env,
    nothrow: true,
    quiet: true,
    input: options.input,
    timeout: options.timeoutMs,
  });
  const child = shell`${command} ${args}`;
  if (options.onOutput) {
    const onOutput = options.onOutput;
    child.stdout.on('data', (chunk: Buffer) => onOutput(chunk.toString(), 'stdout'));
    child.stderr.on('data', (chunk: Buffer) => onOutput(chunk.toString(), 'stderr'));
  }
  const done = await child;
  return { exitCode: done.exitCode, stdout: done.stdout, stderr: done.stderr };
}

/** First line a tool prints for its version, or null when it is not installed. */
export async function probeVersion(command: string, args: readonly string[], env?: NodeJS.ProcessEnv): Promise<string | null> {
  const result = await runProcess(command, args, { env, timeoutMs: 15_000 });
  if (result.exitCode === NOT_FOUND || result.exitCode === null) return null;
  const line = (result.stdout.trim() || result.stderr.trim()).split('\n')[0];
  return line ?? null;
}
