/**
 * Compares settings as deployed (the direct engine's state) with settings as the workspace
 * has them now. Every deployed field is compared, as deep as it goes; fields the workspace
 * has on top count only at the top level (a schedule added in the UI), because services fill
 * nested defaults nobody set.
 */
import type { JsonValue } from '../bundle/model.js';
import { isObject } from '../bundle/config-values.js';

export interface FieldChange {
  /** `tasks[ingest].spark_python_task.python_file` */
  path: string;
  /** undefined: not deployed (added in the workspace). */
  deployed?: JsonValue;
  /** undefined: removed in the workspace. */
  actual?: JsonValue;
}

/** Keys that name list elements, so a reordered list is not a change. */
const ELEMENT_KEYS = ['task_key', 'job_cluster_key', 'environment_key', 'name', 'label'];

/** Whether a top-level field the deploy did not set is only the service filling it in. */
export type ServerFilled = (field: string, value: JsonValue) => boolean;

export function compareSettings(deployed: JsonValue, actual: JsonValue, serverFilled: ServerFilled): FieldChange[] {
  const changes = compare(deployed, actual, '');
  if (isObject(deployed) && isObject(actual)) {
    for (const [field, value] of Object.entries(actual)) {
      if (!(field in deployed) && !isEmpty(value) && !serverFilled(field, value)) changes.push({ path: field, actual: value });
    }
  }
  return changes;
}

function compare(deployed: JsonValue, actual: JsonValue | undefined, path: string): FieldChange[] {
  if (actual === undefined) return isEmpty(deployed) ? [] : [{ path, deployed }];
  if (isObject(deployed) && isObject(actual)) {
    return Object.entries(deployed).flatMap(([field, value]) => compare(value, actual[field], join(path, field)));
  }
  if (Array.isArray(deployed) && Array.isArray(actual)) return compareLists(deployed, actual, path);
  return same(deployed, actual) ? [] : [{ path, deployed, actual }];
}

function compareLists(deployed: JsonValue[], actual: JsonValue[], path: string): FieldChange[] {
  const key = ELEMENT_KEYS.find((k) => deployed.concat(actual).every((e) => isObject(e) && typeof e[k] === 'string'));
  if (key === undefined) {
    if (deployed.length !== actual.length) return [{ path, deployed, actual }];
    return deployed.flatMap((element, i) => compare(element, actual[i], `${path}[${i}]`));
  }
  const id = (e: JsonValue): string => (isObject(e) ? String(e[key]) : '');
  const remaining = new Map(actual.map((e) => [id(e), e]));
  const changes = deployed.flatMap((element) => {
    const match = remaining.get(id(element));
    remaining.delete(id(element));
    return match === undefined ? [{ path: `${path}[${id(element)}]`, deployed: element }] : compare(element, match, `${path}[${id(element)}]`);
  });
  for (const [name, element] of remaining) changes.push({ path: `${path}[${name}]`, actual: element });
  return changes;
}

function same(a: JsonValue, b: JsonValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function isEmpty(value: JsonValue): boolean {
  return value === null || value === '' || value === false || (Array.isArray(value) && value.length === 0) || (isObject(value) && Object.keys(value).length === 0);
}

function join(path: string, field: string): string {
  return path === '' ? field : `${path}.${field}`;
}
