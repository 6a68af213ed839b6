/**
 * Where a YAML text first nests deeper than the limit. The `yaml` package's composer recurses
 * per level and runs out of stack near a thousand levels, at a place that says nothing; its
 * token tree (built without recursion) is walked here with a stack of our own instead.
 */
import { Parser, type CST } from 'yaml';
import { MAX_NESTING_DEPTH } from '../limits.js';

/** The offset of the first value (in document order) past MAX_NESTING_DEPTH, as the loader counts levels; undefined when none is. */
export function offsetPastNestingLimit(text: string): number | undefined {
  for (const token of new Parser().parse(text)) {
    // The first document is the file, as the loader reads it.
    if (token.type === 'document') return token.value ? firstTooDeep(token.value) : undefined;
  }
  return undefined;
}

function firstTooDeep(root: CST.Token): number | undefined {
  const pending: Array<[CST.Token, number]> = [[root, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [token, depth] = next;
    if (depth > MAX_NESTING_DEPTH) return token.offset;
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    // Values only: the loader takes keys as strings, at no level of their own.
    const children = token.items.flatMap((item) => (item.value ? [item.value] : []));
    // Reversed onto the stack, so the first child is taken first: document order.
    for (const child of children.reverse()) pending.push([child, depth + 1]);
  }
  return undefined;
}
