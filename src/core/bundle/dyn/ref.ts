/**
 * `${...}` references inside strings, with the CLI's grammar: dotted names of letters,
 * digits, `-` and `_`, optionally indexed (`${var.list[0]}`).
 */
const BASE = String.raw`\p{L}+(?:[-_]*[\p{L}\p{N}]+)*`;
const REFERENCE = String.raw`\$\{(${BASE}(?:\.${BASE}(?:\[[0-9]+\])*)*(?:\[[0-9]+\])*)\}`;

export interface RefMatch {
  /** The whole `${...}` text. */
  text: string;
  /** What is inside the braces, e.g. `var.name`. */
  path: string;
}

export function findReferences(s: string): RefMatch[] {
  if (!s.includes('${')) return [];
  const out: RefMatch[] = [];
  for (const m of s.matchAll(new RegExp(REFERENCE, 'gu'))) out.push({ text: m[0], path: m[1] as string });
  return out;
}

export function isPureReference(s: string): boolean {
  const refs = findReferences(s);
  return refs.length > 0 && refs[0]?.text === s;
}

export function containsReference(s: string): boolean {
  return findReferences(s).length > 0;
}
