/**
 * Brings a loaded value into the shape of its type, as the CLI does when it reads a file
 * and after every interpolation round: scalars are converted (`"2"` → 2 for an int field),
 * unknown fields and values of the wrong type are dropped with a warning, and `${...}`
 * references are left alone wherever a value of another type is expected.
 */
import type { Diagnostic } from '../model.js';
import { Dyn, EntriesBuilder, ItemsBuilder } from '../dyn/value.js';
import { formatPath, kindName, type Path, type PathPart } from '../dyn/path.js';
import { isPureReference } from '../dyn/ref.js';
import { elementOf, kindOf, structType, type TypeRef } from '../schema/types.js';

export interface NormalizeOptions {
  /** Fill every missing field with its zero value (for looking up `${bundle.git.branch}` and the like). */
  includeMissingFields?: boolean;
  /** Drop fields whose value became "" (unless the field is required). */
  dropEmptyStrings?: boolean;
}

export function normalize(ref: TypeRef, value: Dyn, path: Path = [], options: NormalizeOptions = {}): { value: Dyn | undefined; diagnostics: Diagnostic[] } {
  const n = new Normalizer(options);
  const out = n.value(ref, value, [...path], []);
  return { value: out, diagnostics: n.diagnostics };
}

/**
 * Maps and sequences that normalise to themselves, silently, under the type they are keyed to
 * (one table per `dropEmptyStrings` setting). Values are immutable and shared between
 * interpolation rounds and targets, so after each round only the subtrees a substitution
 * rebuilt are walked again.
 */
const alreadyNormal = new WeakMap<Dyn, TypeRef>();
const alreadyNormalWithoutEmpty = new WeakMap<Dyn, TypeRef>();

/** Maps and sequences with no empty string anywhere in them. */
const withoutEmptyStrings = new WeakSet<Dyn>();

function hasEmptyString(v: Dyn): boolean {
  if (v.kind === 'string') return v.str === '';
  if ((v.kind !== 'map' && v.kind !== 'seq') || withoutEmptyStrings.has(v)) return false;
  let found = false;
  if (v.kind === 'map') v.entries.forEach((pair) => (found ||= hasEmptyString(pair.value)));
  else v.items.forEach((item) => (found ||= hasEmptyString(item)));
  if (!found) withoutEmptyStrings.add(v);
  return found;
}

class Normalizer {
  readonly diagnostics: Diagnostic[] = [];
  /** Filling missing fields makes the result depend on more than the value and its type: nothing is remembered then. */
  private readonly known: WeakMap<Dyn, TypeRef> | undefined;

  constructor(private readonly options: NormalizeOptions) {
    this.known = options.includeMissingFields ? undefined : options.dropEmptyStrings ? alreadyNormalWithoutEmpty : alreadyNormal;
  }

  /** `path` is a shared stack (pushed and popped as the walk goes); diagnostics copy it. */
  value(ref: TypeRef, src: Dyn, path: PathPart[], seen: TypeRef[]): Dyn | undefined {
    if (!this.known || (src.kind !== 'map' && src.kind !== 'seq')) return this.convert(ref, src, path, seen);
    if (this.known.get(src) === ref) return src;
    // Normal already, with no "" in it: dropping empty strings has nothing to drop.
    if (this.options.dropEmptyStrings && alreadyNormal.get(src) === ref && !hasEmptyString(src)) {
      this.known.set(src, ref);
      return src;
    }
    const before = this.diagnostics.length;
    const out = this.convert(ref, src, path, seen);
    if (out === src && this.diagnostics.length === before) this.known.set(src, ref);
    return out;
  }

  private convert(ref: TypeRef, src: Dyn, path: PathPart[], seen: TypeRef[]): Dyn | undefined {
    const inner = this.options.includeMissingFields ? [...seen, ref] : seen;
    switch (kindOf(ref)) {
      case 'struct':
        return this.struct(ref, src, path, inner);
      case 'map':
        return this.map(ref, src, path, inner);
      case 'slice':
        return this.slice(ref, src, path, inner);
      case 'string':
        return this.string(src, path);
      case 'bool':
        return this.bool(src, path);
      case 'int':
        return this.int(src, path);
      case 'float':
        return this.float(src, path);
      default:
        return src;
    }
  }

  private warn(summary: string, src: Dyn, path: Path, detail?: string): undefined {
    const d: Diagnostic = { severity: 'warning', summary, locations: src.location ? [src.location] : [], paths: [formatPath(path)] };
    if (detail) d.detail = detail;
    this.diagnostics.push(d);
    return undefined;
  }

  private mismatch(expected: string, src: Dyn, path: Path): undefined {
    return this.warn(`expected ${expected}, found ${kindName(src)}`, src, path);
  }

  private struct(ref: TypeRef, src: Dyn, path: PathPart[], seen: TypeRef[]): Dyn | undefined {
    if (src.kind === 'nil') return src;
    if (src.kind === 'string' && isPureReference(src.str)) return src;
    if (src.kind !== 'map') return this.mismatch('map', src, path);
    const type = structType(ref);
    const fields = type?.f ?? {};
    // Unchanged values are shared, not copied (this runs after every interpolation round, for every target).
    const out = new EntriesBuilder(src, src.anchor);
    src.entries.forEach((pair, key) => {
      const fieldType = fields[key];
      if (fieldType === undefined) {
        if (!isAnchorContainer(pair.value)) this.unknownField(key, pair.keyLocs, fields, path);
        return out.next(key, pair, undefined);
      }
      path.push(key);
      const nv = this.value(fieldType, pair.value, path, seen);
      path.pop();
      const empty = this.options.dropEmptyStrings && nv?.kind === 'string' && nv.str === '' && !type?.req?.includes(key);
      out.next(key, pair, empty ? undefined : nv);
    });
    if (this.options.includeMissingFields) {
      for (const [key, fieldType] of Object.entries(fields)) {
        if (out.has(key) || seen.includes(fieldType)) continue;
        const zero = zeroValue(fieldType);
        if (zero === undefined) continue;
        path.push(key);
        const nv = this.value(fieldType, zero, path, seen);
        path.pop();
        if (nv) out.add(key, nv);
      }
    }
    return out.build();
  }

  private unknownField(key: string, keyLocs: Dyn['locs'], fields: Record<string, TypeRef>, path: Path): void {
    const d: Diagnostic = { severity: 'warning', summary: `unknown field: ${key}`, locations: [...keyLocs], paths: [formatPath(path)] };
    if (key === 'valueFrom' && fields.value_from !== undefined) {
      d.summary = "Use 'value_from' instead of 'valueFrom'";
      d.detail = "The field 'valueFrom' should be 'value_from' (snake_case). The 'valueFrom' field will be ignored.";
    }
    this.diagnostics.push(d);
  }

  private map(ref: TypeRef, src: Dyn, path: PathPart[], seen: TypeRef[]): Dyn | undefined {
    if (src.kind === 'nil') return src;
    if (src.kind === 'string' && isPureReference(src.str)) return src;
    if (src.kind !== 'map') return this.mismatch('map', src, path);
    const element = elementOf(ref);
    const out = new EntriesBuilder(src, src.anchor);
    src.entries.forEach((pair, key) => {
      path.push(key);
      const nv = this.value(element, pair.value, path, seen);
      path.pop();
      out.next(key, pair, nv);
    });
    return out.build();
  }

  private slice(ref: TypeRef, src: Dyn, path: PathPart[], seen: TypeRef[]): Dyn | undefined {
    if (src.kind === 'nil') return src;
    if (src.kind === 'string' && isPureReference(src.str)) return src;
    if (src.kind !== 'seq') return this.mismatch('sequence', src, path);
    const element = elementOf(ref);
    const out = new ItemsBuilder(src, src.anchor);
    for (const item of src.items) {
      path.push(out.length);
      const nv = this.value(element, item, path, seen);
      path.pop();
      out.next(item, nv);
    }
    return out.build();
  }

  /** What every scalar type does with a value it cannot take: null and other kinds are dropped with a warning. */
  private reject(expected: 'string' | 'bool' | 'int' | 'float', src: Dyn, path: Path): undefined {
    if (src.kind === 'nil') return this.warn(`expected a ${expected} value, found null`, src, path);
    return this.mismatch(expected, src, path);
  }

  private string(src: Dyn, path: Path): Dyn | undefined {
    if (src.kind === 'string') return src;
    if (src.kind === 'bool' || src.kind === 'int') return Dyn.string(String(src.raw), src.locs);
    if (src.kind === 'float') return Dyn.string(formatGoFloat(src.raw as number), src.locs);
    return this.reject('string', src, path);
  }

  private bool(src: Dyn, path: Path): Dyn | undefined {
    if (src.kind === 'bool') return src;
    if (src.kind === 'string') {
      const parsed = parseGoBool(src.str);
      if (parsed !== undefined) return Dyn.bool(parsed, src.locs);
      if (isPureReference(src.str)) return src;
      return this.mismatch('bool', src, path);
    }
    return this.reject('bool', src, path);
  }

  private int(src: Dyn, path: Path): Dyn | undefined {
    if (src.kind === 'int') return src;
    if (src.kind === 'float') {
      const f = src.raw as number;
      if (!Number.isInteger(f)) return this.warn(`cannot accurately represent "${formatGoFloatG(f)}" as integer due to precision loss`, src, path);
      return Dyn.int(f, src.locs);
    }
    if (src.kind === 'string') {
      if (/^[+-]?\d+$/.test(src.str)) {
        const big = BigInt(src.str);
        if (big >= -(2n ** 63n) && big < 2n ** 63n) return Dyn.int(big, src.locs);
      }
      if (isPureReference(src.str)) return src;
      return this.warn(`cannot parse ${JSON.stringify(src.str)} as an integer`, src, path);
    }
    return this.reject('int', src, path);
  }

  private float(src: Dyn, path: Path): Dyn | undefined {
    if (src.kind === 'float') return src;
    if (src.kind === 'int') return Dyn.float(Number(src.raw), src.locs);
    if (src.kind === 'string') {
      const f = parseGoFloat(src.str);
      if (f !== undefined) return Dyn.float(f, src.locs);
      if (isPureReference(src.str)) return src;
      return this.warn(`cannot parse ${JSON.stringify(src.str)} as a floating point number`, src, path);
    }
    return this.reject('float', src, path);
  }
}

/** A value (or all its elements) that came from a YAML anchor: its unknown fields are not reported. */
function isAnchorContainer(v: Dyn): boolean {
  if (v.anchor) return true;
  const elements = v.kind === 'seq' ? v.items : v.kind === 'map' ? [...v.entries.values()].map((p) => p.value) : [];
  return elements.length > 0 && elements.every(isAnchorContainer);
}

export function zeroValue(ref: TypeRef): Dyn | undefined {
  switch (kindOf(ref)) {
    case 'struct':
    case 'map':
      return Dyn.map(new Map());
    case 'slice':
      return Dyn.seq([]);
    case 'string':
      return Dyn.string('');
    case 'bool':
      return Dyn.bool(false);
    case 'int':
      return Dyn.int(0);
    case 'float':
      return Dyn.float(0);
    default:
      return undefined;
  }
}

export function parseGoBool(s: string): boolean | undefined {
  if (['true', 'y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON'].includes(s)) return true;
  if (['false', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF'].includes(s)) return false;
  return undefined;
}

function parseGoFloat(s: string): number | undefined {
  const t = s.trim() === s ? s : '';
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(t)) return NaN;
  return undefined;
}

/** strconv.FormatFloat(f, 'f', -1, 64): shortest digits, never an exponent. */
export function formatGoFloat(f: number): string {
  if (!Number.isFinite(f)) return Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf';
  const s = String(f);
  if (!/e/i.test(s)) return s;
  const [mantissa, exp] = s.split(/e/i) as [string, string];
  const e = Number(exp);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const point = mantissa.replace('-', '').indexOf('.');
  const intLen = (point < 0 ? mantissa.replace('-', '').length : point) + e;
  let out: string;
  if (intLen <= 0) out = `0.${'0'.repeat(-intLen)}${digits}`;
  else if (intLen >= digits.length) out = digits + '0'.repeat(intLen - digits.length);
  else out = `${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
  return negative ? `-${out}` : out;
}

/** fmt's %g and %v for a float64: shortest digits, exponent form below 1e-4 and from 1e6. */
export function formatGoFloatG(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (f === 0) return '0';
  const [mantissa, exponent] = f.toExponential().split('e') as [string, string];
  const exp = Number(exponent);
  if (exp < -4 || exp >= 6) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(f);
}
