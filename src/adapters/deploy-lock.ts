/**
 * One deploy or destroy per target at a time on this machine: a lock file in the bundle's
 * `.databricks/` (outside the CLI's per-target directory, which a sandbox switch may
 * replace), created exclusively. A lock whose process is gone is stale and taken over.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface LockHolder {
  pid: number;
  host: string;
  user: string;
  command: string;
  started: string;
}

export type LockAttempt = { ok: true; release(): void } | { ok: false; holder: LockHolder; file: string };

function lockFile(bundleRoot: string, target: string): string {
  return path.join(bundleRoot, '.databricks', 'dataops', `deploy-${target}.lock`);
}

export function acquireDeployLock(bundleRoot: string, target: string, command: string, now: Date): LockAttempt {
  const file = lockFile(bundleRoot, target);
  mkdirSync(path.dirname(file), { recursive: true });
  const me: LockHolder = { pid: process.pid, host: os.hostname(), user: os.userInfo().username, command, started: now.toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(me) + '\n', { flag: 'wx' });
      return { ok: true, release: () => rmSync(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(file);
    if (holder && isAlive(holder)) return { ok: false, holder, file };
    rmSync(file, { force: true });
  }
  const holder = readHolder(file);
  return holder ? { ok: false, holder, file } : { ok: false, holder: { ...me, command: 'unknown' }, file };
}

function readHolder(file: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

function isAlive(holder: LockHolder): boolean {
  // A lock from another host (a shared directory) cannot be checked: assume it is held.
  if (holder.host !== os.hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
