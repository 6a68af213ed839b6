/** Python wheel file names, as the CLI's patchwheel package reads them. */
import { posix } from 'node:path';

/** Of several wheels of one distribution, the newest (the CLI's patchwheel.FilterLatestWheels). */
export function filterLatestWheels(paths: readonly string[]): string[] {
  const out: string[] = [];
  const best = new Map<string, number>();
  for (const p of paths) {
    const wheel = parseWheel(p);
    if (!wheel) {
      out.push(p);
      continue;
    }
    const at = best.get(wheel.distribution);
    if (at === undefined) {
      best.set(wheel.distribution, out.length);
      out.push(p);
    } else if (compareVersions(wheel.version, parseWheel(out[at] as string)?.version ?? '') > 0) out[at] = p;
  }
  return out;
}

function parseWheel(p: string): { distribution: string; version: string } | undefined {
  const parts = posix.basename(p).replace(/\.whl$/, '').split('-');
  if (!p.endsWith('.whl') || parts.length < 5) return undefined;
  return { distribution: parts[0] as string, version: parts[1] as string };
}

function compareVersions(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
