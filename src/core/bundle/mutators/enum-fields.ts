/**
 * The CLI's validate:enum: a string field whose type is an enum but whose value is none of
 * its values is a warning (the API would refuse it at deploy). A value with a `${...}`
 * reference is left alone; it is known only later.
 */
import type { Diagnostic } from '../model.js';
import type { Dyn } from '../dyn/value.js';
import { compareStrings } from '../dyn/merge.js';
import { containsReference } from '../dyn/ref.js';
import { formatPath, type PathPart } from '../dyn/path.js';
import { childType, enumValues, ROOT_TYPE, type TypeRef } from '../schema/types.js';
import type { Mutator } from '../state.js';
import { goLocations } from './validate.js';

/** A variable's `type` is a plain string in the model; the CLI knows one value for it. */
const VARIABLE_TYPES = ['complex'];

export const enumFields: Mutator = {
  name: 'validate:enum',
  apply(state) {
    const found: Diagnostic[] = [];
    const path: PathPart[] = [];
    const visit = (ref: TypeRef | undefined, v: Dyn): void => {
      if (v.kind === 'string') {
        const allowed = path.length === 3 && path[0] === 'variables' && path[2] === 'type' ? VARIABLE_TYPES : ref && enumValues(ref);
        if (allowed && !allowed.includes(v.str) && !containsReference(v.str)) found.push(invalid(v, allowed, path));
        return;
      }
      if (ref === undefined) return;
      if (v.kind === 'map') {
        v.entries.forEach((pair, key) => within(key, childType(ref, key), pair.value));
      } else if (v.kind === 'seq') {
        const element = childType(ref, 0);
        v.items.forEach((item, i) => within(i, element, item));
      }
    };
    const within = (part: PathPart, ref: TypeRef | undefined, v: Dyn): void => {
      path.push(part);
      visit(ref, v);
      path.pop();
    };
    visit(ROOT_TYPE, state.root);
    found.sort((a, b) => compareStrings(a.summary, b.summary) || compareStrings(goLocations(a.locations), goLocations(b.locations)));
    state.diagnostics.push(...found);
  },
};

function invalid(v: Dyn, allowed: readonly string[], path: readonly PathPart[]): Diagnostic {
  // Go prints the list with %v (`[A B]`), from its generated table, sorted.
  const values = [...allowed].sort(compareStrings).join(' ');
  return {
    severity: 'warning',
    summary: `invalid value ${JSON.stringify(v.str)} for enum field. Valid values are [${values}]`,
    locations: [...v.locs],
    paths: [formatPath([...path])],
  };
}
