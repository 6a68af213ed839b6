/**
 * Variable values, by precedence: --var, BUNDLE_VAR_<name>, a lookup, the target's
 * .databricks/bundle/<target>/variable-overrides.json, the (target) default.
 */
import { Dyn } from '../dyn/value.js';
import { setByPath } from '../dyn/path.js';
import { loadYaml } from '../dyn/yaml.js';
import { absolutePath, addError, BUNDLE_VAR_PREFIX, type BundleState, type Mutator } from '../state.js';
import { describeJsonError } from '../convert/json-error.js';

function variableOf(state: BundleState, name: string): Dyn | undefined {
  return state.root.get('variables')?.get(name);
}

function isComplex(variable: Dyn): boolean {
  return variable.get('type')?.asString() === 'complex';
}

function hasValue(variable: Dyn): boolean {
  const v = variable.get('value');
  return v !== undefined && v.kind !== 'nil';
}

/** `--var name=value`, in the order given. */
export const applyCliVariables: Mutator = {
  name: 'InitializeVariables(--var)',
  apply(state) {
    for (const [name, value] of state.vars) {
      const variable = variableOf(state, name);
      if (!variable) return addError(state, `variable ${name} has not been defined`);
      if (isComplex(variable)) return addError(state, `setting variables of complex type via --var flag is not supported: ${name}`);
      if (hasValue(variable)) {
        const current = variable.get('value') as Dyn;
        return addError(state, `failed to assign ${value} to ${name}: variable has already been assigned value: ${String(current.raw)}`);
      }
      state.root = setByPath(state.root, ['variables', name, 'value'], Dyn.string(value));
    }
  },
};

export function variableOverridesFile(target: string): string {
  return `.databricks/bundle/${target}/variable-overrides.json`;
}

export const setVariables: Mutator = {
  name: 'SetVariables',
  apply(state) {
    // The CLI assigns all variables in one mutation: after an error, none of them is assigned.
    const before = state.root;
    const errorsBefore = state.diagnostics.filter((d) => d.severity === 'error').length;
    assignVariables(state);
    if (state.diagnostics.filter((d) => d.severity === 'error').length > errorsBefore) state.root = before;
  },
};

function assignVariables(state: BundleState): void {
  const fileDefaults = readOverridesFile(state);
  if (fileDefaults === null) return;
  const variables = state.root.get('variables');
  if (variables?.kind !== 'map') return;
  for (const [name, pair] of variables.entries) {
    const variable = pair.value;
    if (hasValue(variable)) continue;
    const fromEnv = state.env[BUNDLE_VAR_PREFIX + name];
    if (fromEnv !== undefined) {
      if (isComplex(variable)) {
        return addError(state, { summary: `setting via environment variables (${BUNDLE_VAR_PREFIX}${name}) is not supported for complex variable ${name}`, locations: pair.keyLocs });
      }
      state.root = setByPath(state.root, ['variables', name, 'value'], Dyn.string(fromEnv));
      continue;
    }
    const lookupSpec = variable.get('lookup');
    if (lookupSpec && lookupSpec.kind !== 'nil') continue;
    const fromFile = fileDefaults?.get(name);
    if (fromFile && fromFile.kind !== 'nil') {
      const complexValue = fromFile.kind === 'map' || fromFile.kind === 'seq';
      if (isComplex(variable) && !complexValue) {
        return addError(state, { summary: `variable ${name} is of type complex, but the value in the variable file is not a complex type`, locations: fromFile.locs });
      }
      if (!isComplex(variable) && complexValue) {
        return addError(state, { summary: `variable ${name} is not of type complex, but the value in the variable file is a complex type`, locations: fromFile.locs });
      }
      state.root = setByPath(state.root, ['variables', name, 'value'], fromFile);
      continue;
    }
    const defaultValue = variable.get('default');
    if (defaultValue && defaultValue.kind !== 'nil') {
      state.root = setByPath(state.root, ['variables', name, 'value'], defaultValue);
      continue;
    }
    return addError(state, {
      summary: `no value assigned to required variable ${name}. Variables are usually assigned in databricks.yml, and they can be overridden using "--var", the ${BUNDLE_VAR_PREFIX}${name} environment variable, or ${variableOverridesFile('<target>')}`,
      subject: ['variables', name],
    });
  }
}

/** The overrides file as a map; undefined when absent, null after reporting an error. */
function readOverridesFile(state: BundleState): Dyn | undefined | null {
  if (!state.target) return undefined;
  const file = variableOverridesFile(state.target);
  const text = state.files.read(file);
  if (text === undefined) return undefined;
  const shown = absolutePath(state, file);
  const jsonError = describeJsonError(text);
  if (jsonError) {
    addError(state, `failed to parse variables file ${shown}: error decoding JSON at ${shown}:${jsonError.line}:${jsonError.column}: ${jsonError.message}`);
    return null;
  }
  const value = loadYaml(file, text);
  if (value.kind !== 'map') {
    addError(state, {
      summary: `failed to parse variables file ${shown}: invalid format`,
      detail: 'Variables file must be a JSON object with the following format:\n{"var1": "value1", "var2": "value2"}',
    });
    return null;
  }
  return value;
}
