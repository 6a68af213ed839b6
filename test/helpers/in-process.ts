import { Writable } from 'node:stream';
import { runCli } from '../../src/cli/app.js';

/** A stream that keeps what is written to it. */
export class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Runs the CLI in this process (fast; servers living in the test can answer it), capturing its output. */
export async function runInProcess(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli([...args], { env, stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
