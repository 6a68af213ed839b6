/**
 * Where and why a JSON text fails to parse, worded like Go's encoding/json (the CLI
 * reads variable-overrides.json with it), e.g. `invalid character 'o' in literal false
 * (expecting 'a')`. Undefined when the text is valid JSON.
 */
export interface JsonSyntaxError {
  message: string;
  line: number;
  column: number;
}

export function describeJsonError(text: string): JsonSyntaxError | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch {
    return scan(text);
  }
}

function scan(text: string): JsonSyntaxError {
  let i = 0;
  const start = (): { line: number; column: number } => position(text, skipSpace(text, 0));
  const quote = (c: string): string => (c === "'" ? "'\\''" : `'${c}'`);
  const fail = (message: string): JsonSyntaxError => ({ message, ...start() });
  const literal = (word: string): JsonSyntaxError | undefined => {
    for (let k = 1; k < word.length; k++) {
      const c = text[i + k];
      if (c === undefined) return fail('unexpected end of JSON input');
      if (c !== word[k]) return fail(`invalid character ${quote(c)} in literal ${word} (expecting ${quote(word[k] as string)})`);
    }
    i += word.length;
    return undefined;
  };
  i = skipSpace(text, i);
  const c = text[i];
  if (c === undefined) return fail('unexpected end of JSON input');
  if (c === 't') return literal('true') ?? fail('invalid character after top-level value');
  if (c === 'f') return literal('false') ?? fail('invalid character after top-level value');
  if (c === 'n') return literal('null') ?? fail('invalid character after top-level value');
  if (!/[[{"\-0-9]/.test(c)) return fail(`invalid character ${quote(c)} looking for beginning of value`);
  return fail('invalid JSON');
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && ' \t\r\n'.includes(text[i] as string)) i++;
  return i;
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}
