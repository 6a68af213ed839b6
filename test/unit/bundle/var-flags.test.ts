import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseVarFlags, varFlagArgs } from '../../../src/core/bundle/var-flags.js';

describe('--var, read as the Databricks CLI reads its string-slice flag', () => {
  it('splits each value at its commas and each field at its first =', () => {
    expect(parseVarFlags(['a=1,b=2', 'c=x=y', 'd='])).toEqual([['a', '1'], ['b', '2'], ['c', 'x=y'], ['d', '']]);
  });

  it('keeps commas and doubled quotes inside a field that starts with a quote', () => {
    expect(parseVarFlags(['"a=1,2",b=3'])).toEqual([['a', '1,2'], ['b', '3']]);
    expect(parseVarFlags(['"q=say ""hi"""'])).toEqual([['q', 'say "hi"']]);
  });

  it('leaves an empty name to the resolver, which says the variable is not defined (as the CLI does)', () => {
    expect(parseVarFlags(['=x'])).toEqual([['', 'x']]);
  });

  it('takes an empty value as no variable at all, as pflag does', () => {
    expect(parseVarFlags([''])).toEqual([]);
  });

  it('refuses a field without = and broken quoting, with the CLI\'s words', () => {
    expect(() => parseVarFlags(['novalue'])).toThrow('unexpected flag value for variable assignment: novalue');
    expect(() => parseVarFlags(['a=1,b'])).toThrow('unexpected flag value for variable assignment: b');
    expect(() => parseVarFlags(['a=x"y'])).toThrow('bare " in non-quoted-field');
    expect(() => parseVarFlags(['"a=1'])).toThrow('extraneous or missing " in quoted-field');
  });

  it('writes arguments that read back as exactly the same pairs', () => {
    const name = fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/);
    const value = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '=', ' ', 'é') , maxLength: 12 });
    fc.assert(
      fc.property(fc.array(fc.tuple(name, value), { maxLength: 5 }), (pairs) => {
        const args = varFlagArgs(pairs);
        const values = args.filter((_, i) => i % 2 === 1);
        expect(parseVarFlags(values)).toEqual(pairs);
      }),
      { seed: 1403, numRuns: 300 },
    );
  });
});
