import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WorkspaceClient, type ClientOptions } from '../../../src/adapters/workspace/client.js';
import type { FaultOptions } from '../../../src/local/faults.js';
import type { IdentityName } from '../../../src/local/identities.js';
import type { ResultLimits } from '../../../src/local/sql/held-results.js';
import { startLocalWorkspace, type LocalWorkspace } from '../../../src/local/server.js';

/** A clock the test moves, so runs and warehouses change state without waiting. */
export class TestClock {
  constructor(public ms = Date.UTC(2026, 0, 1)) {}
  now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface Harness {
  workspace: LocalWorkspace;
  dataDir: string;
  requests: string[];
  client(as?: IdentityName, options?: ClientOptions): WorkspaceClient;
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** A real local workspace on 127.0.0.1 in a temporary data dir, and clients for it. */
export async function startHarness(
  options: { clock?: TestClock; faults?: Partial<FaultOptions>; dataDir?: string; results?: ResultLimits } = {},
): Promise<Harness> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'dataops-local-'));
  const requests: string[] = [];
  const start = (): Promise<LocalWorkspace> =>
    startLocalWorkspace({ dataDir, port: 0, now: options.clock?.now, faults: options.faults, results: options.results, onRequest: (line) => requests.push(line) });
  const harness: Harness = {
    workspace: await start(),
    dataDir,
    requests,
    client: (as = 'developer', clientOptions = {}) => {
      const token = harness.workspace.identities[as].token;
      const credentials = {
        host: harness.workspace.url,
        kind: 'pat' as const,
        source: 'environment' as const,
        profile: null,
        authorization: () => Promise.resolve(`Bearer ${token}`),
      };
      return new WorkspaceClient(credentials, { sleep: () => Promise.resolve(), ...clientOptions });
    },
    restart: async () => {
      await harness.workspace.close();
      harness.workspace = await start();
    },
    close: async () => {
      await harness.workspace.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}
