import { spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { isSea } from 'node:sea';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeFileAtomic } from './files.js';

/** What a running server leaves in its data dir, so `env`, `down` and `--detach` can find it. */
export interface ServerRecord {
  pid: number;
  url: string;
  started: string;
}

const RECORD = 'server.json';
export const LOG_FILE = 'server.log';

export function writeServerRecord(dataDir: string, record: ServerRecord): void {
  writeFileAtomic(path.join(dataDir, RECORD), JSON.stringify(record, null, 2));
}

export function removeServerRecord(dataDir: string, pid: number): void {
  // Only the server that wrote the record removes it: a newer one may have replaced it.
  if (readServerRecord(dataDir)?.pid === pid) rmSync(path.join(dataDir, RECORD), { force: true });
}

/** The server running for a data dir, or null (a record left by a dead process counts as none). */
export function runningServer(dataDir: string): ServerRecord | null {
  const record = readServerRecord(dataDir);
  return record && isAlive(record.pid) ? record : null;
}

function readServerRecord(dataDir: string): ServerRecord | null {
  const file = path.join(dataDir, RECORD);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ServerRecord;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/**
 * A detached server whose parent has exited is reaped by init, which may take a while; until
 * then signal 0 still reaches it. On Linux its state in /proc says it has exited.
 */
function isZombie(pid: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/**
 * Whether a workspace answers at `url` (its discovery endpoint needs no token). Any HTTP
 * answer counts: with --fail-rate the answer may be an injected 429 or 503.
 */
async function answers(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/.well-known/databricks-config`, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts `dataops local up` again as a background process (this same executable, without
 * --detach), its output in the data dir's log, and waits until it answers.
 */
export async function startDetached(dataDir: string, upArgs: readonly string[], timeoutMs: number, env: NodeJS.ProcessEnv): Promise<ServerRecord> {
  const self = isSea() ? [] : [...process.execArgv, process.argv[1] ?? ''];
  const log = openSync(path.join(dataDir, LOG_FILE), 'a');
  const child = spawn(process.execPath, [...self, ...upArgs], { detached: true, stdio: ['ignore', log, log], env });
  let exited: number | null = null;
  child.once('exit', (code) => {
    exited = code ?? 1;
  });
  child.unref();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`the server exited with code ${exited}; see ${path.join(dataDir, LOG_FILE)}`);
    const record = runningServer(dataDir);
    if (record && record.pid === child.pid && (await answers(record.url))) return record;
    await sleep(100);
  }
  throw new Error(`the server did not answer within ${timeoutMs / 1000}s; see ${path.join(dataDir, LOG_FILE)}`);
}

/** Stops the server of a data dir and waits until its process is gone. */
export async function stopServer(record: ServerRecord, timeoutMs: number): Promise<boolean> {
  try {
    process.kill(record.pid, 'SIGTERM');
  } catch {
    return true;
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(record.pid)) return true;
    await sleep(50);
  }
  return false;
}
