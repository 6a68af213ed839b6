import type { FaultOptions } from './faults.js';
import type { ResultLimits } from './sql/held-results.js';
import { removeServerRecord, writeServerRecord, type ServerRecord } from './control.js';
import { startLocalWorkspace } from './server.js';

export interface ServeOptions {
  dataDir: string;
  port: number;
  faults: Partial<FaultOptions>;
  results: ResultLimits;
  onStarted: (record: ServerRecord) => void;
  onRequest: ((line: string) => void) | undefined;
}

/** Runs the local workspace in this process until SIGINT or SIGTERM, then stops it cleanly. */
export async function serveUntilSignal(options: ServeOptions): Promise<void> {
  const workspace = await startLocalWorkspace({ dataDir: options.dataDir, port: options.port, faults: options.faults, results: options.results, onRequest: options.onRequest });
  const record: ServerRecord = { pid: process.pid, url: workspace.url, started: new Date().toISOString() };
  writeServerRecord(options.dataDir, record);
  options.onStarted(record);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await workspace.close();
  removeServerRecord(options.dataDir, process.pid);
}
