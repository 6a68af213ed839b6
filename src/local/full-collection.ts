import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * One full, compacting garbage collection, now, that gives the freed heap back to the system.
 * The binary is tuned for short CLI runs (`--initial-old-space-size=300` in sea-config.json): V8
 * starts no full collection before the old space reaches that size, and Node collects nothing
 * while idle. So a long-running `dataops local` would keep the memory of expired statement
 * results until the next burst of work; the server asks for a collection once it has closed
 * results and gone quiet. A regular full collection frees the objects but keeps the pages the
 * few survivors are scattered over (after the soak: 15 MB live in 78 MB committed); the
 * "last-resort" flavour is V8's memory-reducing collection, which compacts them and releases
 * the rest. Node exposes `gc` only behind `--expose-gc`, which V8 still takes at run time for a
 * new context.
 */
export function collectGarbage(): void {
  collector ??= exposeGc();
  collector();
}

let collector: (() => void) | undefined;

function exposeGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  const gc: unknown = vm.runInNewContext('gc');
  if (typeof gc !== 'function') return () => undefined;
  return () => {
    // A V8 without the flavour (Node 20's) collects nothing on the call with options (measured): the plain one before it does.
    gc();
    gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  };
}
