import { closest, distance } from 'fastest-levenshtein';

/**
 * The closest known word to a mistyped one, or undefined when nothing is near enough
 * to be a plausible typo (more than a third of the word would have to change).
 */
export function suggest(word: string, known: readonly string[]): string | undefined {
  if (known.length === 0 || word.length === 0) return undefined;
  const best = closest(word, [...known]);
  const limit = Math.max(1, Math.floor(Math.max(word.length, best.length) / 3));
  return distance(word, best) <= limit ? best : undefined;
}
