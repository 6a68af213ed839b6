/**
 * Checks the CLI runs while initialising that need nothing but the configuration.
 */
import type { Diagnostic, Location } from '../model.js';
import { Dyn } from '../dyn/value.js';
import { compareStrings } from '../dyn/merge.js';
import { formatPath, parsePath, type PathPart } from '../dyn/path.js';
import { findReferences } from '../dyn/ref.js';
import { knownReferenceFree } from '../dyn/resolve.js';
import { childType, isTerraformOnlyField, kindOf, ROOT_TYPE, structType, type TypeRef } from '../schema/types.js';
import { addError, addWarning, stringAt, type BundleState, type Mutator } from '../state.js';

/** The deployment engine: bundle.engine, else DATABRICKS_BUNDLE_ENGINE. */
export function deploymentEngine(state: BundleState): string {
  return stringAt(state.root, 'bundle', 'engine') || state.env.DATABRICKS_BUNDLE_ENGINE || '';
}

/** `${resources.x.y.<field>}` pointing at a field only Terraform state has. */
export const terraformOnlyReferences: Mutator = {
  name: 'validate:tf_only_references',
  apply(state) {
    const direct = deploymentEngine(state) === 'direct';
    const found: { reference: string; at: Dyn }[] = [];
    collectTerraformOnlyReferences(state.root, found);
    for (const { reference, at } of found) {
      if (direct) {
        addError(state, { summary: `"${reference}": Terraform-only field; cross-resource references to Terraform-only fields are not supported by the direct engine`, locations: [at.location] });
      } else {
        addWarning(state, { summary: `"${reference}": Terraform-only field; this reference will not work with the direct engine`, locations: [at.location] });
      }
    }
  },
};

/** Maps and sequences without such a reference: shared between targets, so each target only looks at what it changed. */
const withoutTerraformOnlyReferences = new WeakSet<Dyn>();

/** Depth first, in the order the values are written. */
function collectTerraformOnlyReferences(v: Dyn, found: { reference: string; at: Dyn }[]): void {
  if (v.kind === 'string') {
    for (const ref of findReferences(v.str)) {
      if (!ref.path.startsWith('resources.')) continue;
      const path = parsePath(ref.path);
      if (path && path.length >= 4 && isTerraformOnlyField(path[1] as string, path.slice(3))) found.push({ reference: ref.path, at: v });
    }
    return;
  }
  if ((v.kind !== 'map' && v.kind !== 'seq') || withoutTerraformOnlyReferences.has(v) || knownReferenceFree(v)) return;
  const before = found.length;
  if (v.kind === 'map') for (const pair of v.entries.values()) collectTerraformOnlyReferences(pair.value, found);
  else for (const item of v.items) collectTerraformOnlyReferences(item, found);
  if (found.length === before) withoutTerraformOnlyReferences.add(v);
}

/**
 * Maps and sequences with every required field set, keyed to their type. Values are immutable
 * and shared between targets, so each target only checks what its own steps rebuilt.
 */
const complete = new WeakMap<Dyn, TypeRef>();

/** Required fields (the API's non-optional ones) that are missing or null: warnings, sorted as the CLI sorts them. */
export const requiredFields: Mutator = {
  name: 'validate:required',
  apply(state) {
    for (const field of ['display_name', 'warehouse_id']) requireDashboardField(state, field);
    const warehouses = state.root.get('resources')?.get('sql_warehouses');
    for (const [key, pair] of warehouses?.kind === 'map' ? warehouses.entries : []) {
      if ((pair.value.get('name')?.asString() ?? '').trim() === '') {
        addError(state, { summary: 'sql_warehouse name is required', locations: pair.value.locs, paths: [['resources', 'sql_warehouses', key]] });
      }
    }
    if (state.diagnostics.some((d) => d.severity === 'error')) return;
    const found: Diagnostic[] = [];
    const path: PathPart[] = [];
    const visit = (ref: TypeRef, v: Dyn): void => {
      if (complete.get(v) === ref) return;
      const before = found.length;
      check(ref, v);
      if (found.length === before) complete.set(v, ref);
    };
    const check = (ref: TypeRef, v: Dyn): void => {
      if (v.kind === 'map') {
        const type = kindOf(ref) === 'struct' ? structType(ref) : undefined;
        for (const field of type?.req ?? []) {
          const value = v.get(field);
          if (value === undefined || value.kind === 'nil') {
            found.push({ severity: 'warning', summary: `required field ${JSON.stringify(field)} is not set`, locations: [...v.locs], paths: [formatPath(path)] });
          }
        }
        v.entries.forEach((pair, key) => {
          const child = pair.value.kind === 'map' || pair.value.kind === 'seq' ? childType(ref, key) : undefined;
          if (!child) return;
          path.push(key);
          visit(child, pair.value);
          path.pop();
        });
      } else if (v.kind === 'seq') {
        const child = childType(ref, 0);
        if (!child) return;
        v.items.forEach((item, i) => {
          path.push(i);
          visit(child, item);
          path.pop();
        });
      }
    };
    visit(ROOT_TYPE, state.root);
    found.sort((a, b) => compareStrings(a.summary, b.summary) || compareStrings(goLocations(a.locations), goLocations(b.locations)) || compareStrings(`[${a.paths.join(' ')}]`, `[${b.paths.join(' ')}]`));
    state.diagnostics.push(...found);
  },
};

/** How Go's %v prints a list of locations; the CLI sorts diagnostics by that text. */
export function goLocations(locations: readonly Location[]): string {
  return `[${locations.map((l) => `{${l.file} ${l.line} ${l.column}}`).join(' ')}]`;
}

function requireDashboardField(state: BundleState, field: string): void {
  const dashboards = state.root.get('resources')?.get('dashboards');
  if (dashboards?.kind !== 'map') return;
  const missing = [...dashboards.entries].filter(([, pair]) => (pair.value.get(field)?.asString() ?? '') === '');
  if (missing.length === 0) return;
  addError(state, {
    summary: `dashboard ${field} is required`,
    locations: missing.flatMap(([, pair]) => pair.value.locs),
    paths: missing.map(([key]) => ['resources', 'dashboards', key]),
  });
}
