import { isKnownError } from '../core/errors.js';
import type { Output } from '../ui/output.js';

/**
 * The one place where failures become exit codes (DESIGN.md, Contracts):
 * 1 a check found problems, 2 usage or input error, 3 an outside system failed.
 * Anything untyped is a bug in dataops: it is reported as such, with exit 3.
 */
export function exitCodeFor(error: unknown, out: Output): number {
  if (isKnownError(error)) {
    out.error(error.message, error.location, error.hint);
    if (out.json) {
      out.result({
        error: {
          message: error.message,
          exitCode: error.exitCode,
          hint: error.hint ?? null,
          file: error.location?.file ?? null,
          line: error.location?.line ?? null,
          column: error.location?.column ?? null,
        },
      });
    }
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  out.error(`unexpected failure: ${message}`, undefined, 'this is a bug in dataops; rerun with --verbose and report it');
  if (out.verbose && error instanceof Error && error.stack) out.debug(error.stack);
  return 3;
}
