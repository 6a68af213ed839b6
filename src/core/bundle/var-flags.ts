/**
 * `--var` as the Databricks CLI reads it. The flag is a pflag string slice, so each value is
 * one line of CSV read by Go's encoding/csv (commas split, a field that starts with a quote may
 * hold commas and doubled quotes); each field is `name=value`, split at its first `=`. A name
 * the bundle does not declare (the empty one of `--var =x` included) is the resolver's error,
 * "variable … has not been defined", as in the CLI. Every command parses `--var` here, so what
 * dataops checks is what the CLI is then given.
 */
import { UsageError } from '../errors.js';

export type Vars = ReadonlyArray<readonly [string, string]>;

/** The `--var` values of a command line, in order. */
export function parseVarFlags(values: readonly string[]): Array<[string, string]> {
  const vars: Array<[string, string]> = [];
  for (const value of values) {
    for (const field of csvFields(value)) {
      const at = field.indexOf('=');
      if (at < 0) throw new UsageError(`unexpected flag value for variable assignment: ${field}`, { hint: 'write --var name=value, several as --var a=1,b=2 or one --var each' });
      vars.push([field.slice(0, at), field.slice(at + 1)]);
    }
  }
  return vars;
}

/** `--var` arguments for the Databricks CLI that it reads back as exactly these pairs. */
export function varFlagArgs(vars: Vars): string[] {
  return vars.flatMap(([name, value]) => ['--var', csvField(`${name}=${value}`)]);
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) || text.startsWith(' ') ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The fields of the first CSV record in `text`, as encoding/csv's Reader.Read returns them
 * (an empty value is no field at all, as pflag's string slice has it).
 */
function csvFields(text: string): string[] {
  if (text === '') return [];
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      const start = i;
      i++;
      for (;;) {
        if (i >= text.length) throw csvError(text, start, 'extraneous or missing " in quoted-field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i];
        i++;
      }
      if (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') throw csvError(text, i, 'extraneous or missing " in quoted-field');
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
        if (text[i] === '"') throw csvError(text, i, 'bare " in non-quoted-field');
        field += text[i];
        i++;
      }
    }
    fields.push(field);
    if (i >= text.length || text[i] !== ',') return fields;
    i++;
  }
}

function csvError(text: string, at: number, problem: string): UsageError {
  return new UsageError(`invalid argument "${text}" for "--var" flag: parse error on line 1, column ${at + 1}: ${problem}`, {
    hint: 'quote a value that holds commas or quotes as a whole field: --var \'"name=a,b"\'',
  });
}
