import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runAsync } from '../../helpers/binary.js';

const ELF_MACHINE_AARCH64 = 0xb7;

describe('the linux-arm64 cross build', () => {
  it('produces an aarch64 executable listed in SHA256SUMS', async () => {
    const run = await runAsync(process.execPath, ['scripts/build.mjs', '--target', 'linux-arm64'], { timeoutMs: 280_000 });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('code cache off');
    const file = path.join(ROOT, 'dist', 'release', 'dataops-linux-arm64');
    const binary = readFileSync(file);
    expect(binary.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    expect(binary.readUInt16LE(18)).toBe(ELF_MACHINE_AARCH64);
    const sums = readFileSync(path.join(ROOT, 'dist', 'release', 'SHA256SUMS'), 'utf8');
    expect(sums).toContain(`${createHash('sha256').update(binary).digest('hex')}  dataops-linux-arm64`);
  }, 300_000);
});
