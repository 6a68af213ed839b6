/**
 * Typed failures. Every command throws one of these; `src/cli/exit.ts` maps them
 * to the exit codes of the contract (DESIGN.md, Contracts) in one place.
 */

/** Where in a file a problem sits, so a person can open it. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

abstract class DataopsError extends Error {
  abstract readonly exitCode: 1 | 2 | 3;
  readonly hint: string | undefined;
  readonly location: SourceLocation | undefined;

  constructor(message: string, options: { hint?: string; location?: SourceLocation; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
    this.location = options.location;
  }
}

/** A check ran and found problems (validate errors, guard conflicts, SLO breach, release refused). */
export class CheckFailedError extends DataopsError {
  readonly exitCode = 1 as const;
}

/** The user's input is wrong: a flag, a file, a target. The message says what to fix. */
export class UsageError extends DataopsError {
  readonly exitCode = 2 as const;
}

/** An outside system (workspace, GitHub, Teams, a child process) failed after retries. */
export class ExternalError extends DataopsError {
  readonly exitCode = 3 as const;
}

export type KnownError = CheckFailedError | UsageError | ExternalError;

export function isKnownError(error: unknown): error is KnownError {
  return error instanceof CheckFailedError || error instanceof UsageError || error instanceof ExternalError;
}

/** Formats a location as `file:line:col`, leaving out what is unknown. */
export function formatLocation(location: SourceLocation): string {
  let text = location.file;
  if (location.line !== undefined) {
    text += `:${location.line}`;
    if (location.column !== undefined) text += `:${location.column}`;
  }
  return text;
}
