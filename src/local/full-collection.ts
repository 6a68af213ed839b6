import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * One full garbage collection, now. The binary is tuned for short CLI runs
 * (`--initial-old-space-size=300` in sea-config.json): V8 starts no full collection before the old
 * space reaches that size, and Node collects nothing while idle. So a long-running `dataops local`
 * would keep the memory of expired statement results until the next burst of work; the server
 * asks for a collection once it has closed results and gone quiet. Node exposes `gc` only
 * behind `--expose-gc`, which V8 still takes at run time for a new context.
 */
export function collectGarbage(): void {
  collector ??= exposeGc();
  collector();
}

let collector: (() => void) | undefined;

function exposeGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  const gc: unknown = vm.runInNewContext('gc');
  return typeof gc === 'function' ? () => void gc() : () => undefined;
}
