/**
 * The last touches `bundle validate -o json` applies to what it prints: secret values
 * redacted, and (with --include-locations) where every top-level value, resource and job
 * task was written.
 */
import { compareStrings } from './dyn/merge.js';
import { forEachByPattern, formatPath, mapByPattern, setByPath, type PatternPart } from './dyn/path.js';
import { Dyn } from './dyn/value.js';
import type { Location } from './model.js';

const REDACTED_MARKER = '[redacted]';

/** Resource fields that hold secrets, per resource group. */
const SENSITIVE_FIELDS: Readonly<Record<string, readonly string[]>> = { secrets: ['value', 'effective_value'] };

/** Secret values are printed as [redacted]; once any exist, so are string variable values (they usually carry them). */
export function redactSensitive(root: Dyn): Dyn {
  let found = false;
  let out = root;
  for (const [group, fields] of Object.entries(SENSITIVE_FIELDS)) {
    out = mapByPattern(out, ['resources', group, '*'], (_p, resource) => {
      if (resource.kind !== 'map') return resource;
      let r = resource;
      for (const field of fields) {
        const v = r.get(field);
        if (v === undefined) continue;
        found = true;
        r = setByPath(r, [field], Dyn.string(REDACTED_MARKER, v.locs));
      }
      return r;
    });
  }
  if (!found) return out;
  return mapByPattern(out, ['variables', '*', 'value'], (_p, v) => (v.kind === 'string' ? Dyn.string(REDACTED_MARKER, v.locs) : v));
}

const LOCATION_PATTERNS: readonly PatternPart[][] = [['*'], ['resources', '*'], ['resources', '*', '*'], ['resources', 'jobs', '*', 'tasks'], ['resources', 'jobs', '*', 'tasks', '[*]']];

/** `__locations`: {version, files, locations: {path: [[fileIndex, line, column], ...]}}. */
export function withLocations(root: Dyn): Dyn {
  const byPath = new Map<string, readonly Location[]>();
  for (const pattern of LOCATION_PATTERNS) forEachByPattern(root, pattern, (p, v) => byPath.set(formatPath(p), v.locs));
  const files = [...new Set([...byPath.values()].flatMap((locs) => locs.map((l) => l.file)))].sort(compareStrings);
  const locations: Record<string, number[][]> = {};
  for (const [path, locs] of byPath) {
    if (locs.length > 0) locations[path] = locs.map((l) => [files.indexOf(l.file), l.line, l.column]);
  }
  return setByPath(root, ['__locations'], Dyn.from({ version: 1, files, locations }));
}
