/**
 * Walks a token-paged list endpoint to its end, one page at a time, yielding items.
 * `fetchPage` gets the token of the page to read (undefined for the first).
 */
export async function* paginate<P, T>(
  fetchPage: (pageToken: string | undefined) => Promise<P>,
  itemsOf: (page: P) => readonly T[] | undefined,
  nextTokenOf: (page: P) => string | undefined,
): AsyncGenerator<T> {
  let token: string | undefined;
  const seen = new Set<string>();
  do {
    const page = await fetchPage(token);
    yield* itemsOf(page) ?? [];
    token = nextTokenOf(page) || undefined;
    // A server that repeats a token would loop forever; stop instead.
    if (token !== undefined && seen.has(token)) return;
    if (token !== undefined) seen.add(token);
  } while (token !== undefined);
}

/** Collects an async iterable into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
