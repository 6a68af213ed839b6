/**
 * `--help` answered by the launcher from the texts the build rendered with the application's
 * own yargs (scripts/help-cache.mjs), so reading a command's help costs what `--version` does.
 * Only for what the build rendered: the exact words of a command path followed by `--help`, at
 * the widths yargs wraps to without a terminal (100) or on one at least 110 columns wide.
 * Anything else, a narrower terminal included, goes to the application as before.
 */
/** The asset's name, as scripts/build.mjs stores it (beside the key format and widths of scripts/help-cache.mjs). */
const HELP_ASSET = 'help.json';

/** The widths the build renders (scripts/help-cache.mjs): what `helpWidth` gives without a terminal, and on one 110 columns or wider. */
const HELP_WIDTHS = [100, 110] as const;

/** The width the application wraps help at, for a terminal `columns` wide (undefined: no terminal). */
export function helpWidth(columns: number | undefined): number {
  return Math.min(110, columns ?? 100);
}

function helpKey(width: number, words: readonly string[]): string {
  return `${width} ${words.join(' ')}`.trimEnd();
}

/** The help text the build rendered for this invocation, or undefined when the application must answer. */
export function cachedHelp(argv: readonly string[], env: NodeJS.ProcessEnv, columns: number | undefined): string | undefined {
  if (argv.at(-1) !== '--help' || env.DATAOPS_HELP_CACHE === '0') return undefined;
  const words = argv.slice(0, -1);
  if (!words.every((word) => /^[a-z][a-z-]*$/.test(word))) return undefined;
  const width = helpWidth(columns);
  if (!(HELP_WIDTHS as readonly number[]).includes(width)) return undefined;
  const sea = require('node:sea') as typeof import('node:sea');
  if (!sea.isSea() || !sea.getAssetKeys().includes(HELP_ASSET)) return undefined;
  const texts = JSON.parse(sea.getAsset(HELP_ASSET, 'utf8')) as Record<string, string>;
  return texts[helpKey(width, words)];
}
