import type { JsonObject } from '../bundle/model.js';
import { isObject, stringAt } from '../bundle/config-values.js';

/** What a `warehouse` setting names: an id, or a warehouse to look up by name (a bundle lookup variable). */
export type WarehouseRef = { id: string } | { lookupName: string };

const VARIABLE = /^\$\{var\.([\w-]+)\}$/;

/**
 * Reads `${var.name}` from the resolved target's variables (its value, or its
 * `lookup.warehouse`, which needs the workspace); anything else is taken as an id.
 * Returns a sentence saying what is wrong when the variable cannot name a warehouse.
 */
export function warehouseRef(setting: string, config: JsonObject): WarehouseRef | string {
  const name = VARIABLE.exec(setting.trim())?.[1];
  if (!name) return { id: setting.trim() };
  const variable = isObject(config.variables) ? config.variables[name] : undefined;
  if (!isObject(variable)) return `the bundle defines no variable ${name}`;
  const value = stringAt(variable, ['value']) ?? stringAt(variable, ['default']);
  if (value !== undefined && !value.includes('${')) return { id: value };
  const lookup = stringAt(variable, ['lookup', 'warehouse']);
  if (lookup !== undefined) return { lookupName: lookup };
  return `the variable ${name} has no value for this target, and it is not a warehouse lookup`;
}
