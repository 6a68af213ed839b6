/**
 * Bounds on what a bundle may make dataops do, so that a hostile or broken file ends in an
 * error at its file and line instead of a hang, a crash or gigabytes of memory. Each bound is
 * far above what a real bundle needs.
 */

/** One configuration file (YAML or JSON), in characters. */
export const MAX_FILE_CHARS = 16 * 1024 * 1024;

/** Maps and sequences inside one another. The YAML parser and the resolver recurse per level. */
export const MAX_NESTING_DEPTH = 256;

/** Values in one file once its aliases and merge keys are expanded (an alias bomb multiplies them). */
export const MAX_EXPANDED_VALUES = 1_000_000;

/** Aliases one parse of a file as written may expand, in the `yaml` package's count (`maxAliasCount`). */
export const MAX_ALIAS_COUNT = 10_000;

/** One string after `${…}` interpolation, in characters. */
export const MAX_INTERPOLATED_CHARS = 1024 * 1024;

/** One SQL statement handed to the Spark SQL grammar, in characters (its lexer is quadratic in a token's length). */
export const MAX_SQL_STATEMENT_CHARS = 16 * 1024;

export function characters(count: number): string {
  return count >= 1024 * 1024 ? `${Math.round(count / (1024 * 1024))} MiB` : count >= 1024 ? `${Math.round(count / 1024)} KiB` : `${count} characters`;
}
