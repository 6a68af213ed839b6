/**
 * Plain objects looked up by names from a user's file: `toString`, `constructor` or
 * `__proto__` must find nothing unless the object itself holds that key, never the members
 * every object inherits from Object.prototype.
 */

/** `record[key]` only when the record itself holds the key. */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * The same objects, every one of them (arrays aside) without a prototype: for data read
 * once and looked up by users' names (JSON tables, YAML as written). Shared and cyclic
 * parts (YAML aliases) are visited once.
 */
export function withoutPrototypes<T>(value: T): T {
  const seen = new WeakSet<object>();
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next !== 'object' || next === null || seen.has(next)) continue;
    seen.add(next);
    if (!Array.isArray(next)) Object.setPrototypeOf(next, null);
    for (const child of Object.values(next)) pending.push(child);
  }
  return value;
}
