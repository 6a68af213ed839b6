/**
 * The project's `dataops.yml`, written from the settings schema itself so that it lists every
 * setting the installed dataops knows, each with its description. Settings the blueprint uses
 * are written out; every other one is commented out with its default, so it changes nothing
 * until a person uncomments it.
 */
import { stringify } from 'yaml';
import type { JsonObject, JsonValue } from '../bundle/model.js';
import { isObject } from '../bundle/config-values.js';

const WIDTH = 100;

const HEADER = [
  '# Settings of dataops for this project. Every setting is listed with what it does; those',
  '# commented out show their default: uncomment a line to change it. `dataops schema dataops.yml`',
  '# prints the JSON schema; dataops reports a misspelt setting with the line to fix.',
];

/**
 * Where a node's lines go: `depth` levels of indentation, and for a commented-out node the
 * level at which its `# ` sits (its own, or that of the commented ancestor).
 */
interface Place {
  depth: number;
  commentAt: number | undefined;
}

function line(place: Place, text: string): string {
  const { depth, commentAt } = place;
  return commentAt === undefined ? `${'  '.repeat(depth)}${text}` : `${'  '.repeat(commentAt)}# ${'  '.repeat(depth - commentAt)}${text}`;
}

/** `text` in `# ` comment lines at `place`, wrapped at WIDTH characters. */
function describe(place: Place, text: string): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = current ? `${current} ${word}` : word;
    if (current && line(place, `# ${candidate}`).length > WIDTH) {
      lines.push(line(place, `# ${current}`));
      current = word;
    } else {
      current = candidate;
    }
  }
  if (current) lines.push(line(place, `# ${current}`));
  return lines;
}

/** A value as YAML lines: `key: value` on one line, or `key:` and a block below it. */
function valueLines(place: Place, name: string, value: JsonValue, flow: boolean): string[] {
  if (flow || value === null || typeof value !== 'object') return [line(place, `${name}: ${stringify(value, { collectionStyle: 'flow' }).trim()}`)];
  const block = stringify(value).trimEnd().split('\n');
  return [line(place, `${name}:`), ...block.map((text) => line({ ...place, depth: place.depth + 1 }, text))];
}

function children(schema: JsonObject): Array<[string, JsonObject]> {
  return isObject(schema.properties) ? Object.entries(schema.properties).filter((entry): entry is [string, JsonObject] => isObject(entry[1])) : [];
}

function settingLines(name: string, schema: JsonObject, active: JsonValue | undefined, parent: Place): string[] {
  const place: Place = { depth: parent.depth, commentAt: parent.commentAt ?? (active === undefined ? parent.depth : undefined) };
  const lines = typeof schema.description === 'string' ? describe(place, schema.description) : [];
  const nested = children(schema);
  if (active !== undefined && !(isObject(active) && nested.length > 0)) return [...lines, ...valueLines(place, name, active, false)];
  if (active === undefined && schema.default !== undefined) return [...lines, ...valueLines(place, name, schema.default, true)];
  if (nested.length === 0) return [...lines, line(place, `${name}: ${schema.type === 'object' ? '{}' : ''}`.trimEnd())];
  const inner: Place = { depth: place.depth + 1, commentAt: place.commentAt };
  return [...lines, line(place, `${name}:`), ...nested.flatMap(([child, childSchema]) => settingLines(child, childSchema, isObject(active) ? active[child] : undefined, inner))];
}

/** The file for `schema` (the settings schema), with `active` (a settings document) written out. */
export function renderSettingsFile(schema: JsonObject, active: JsonObject): string {
  const blocks = children(schema).map(([name, section]) => settingLines(name, section, active[name], { depth: 0, commentAt: undefined }).join('\n'));
  return `${[HEADER.join('\n'), ...blocks].join('\n\n')}\n`;
}
