/**
 * Quartz cron expressions as the Databricks Jobs scheduler accepts them (Quartz 2.x
 * CronExpression): `sec min hour day-of-month month day-of-week [year]`.
 */

interface Field {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  /** Special characters the field allows besides `* , - /`. */
  special: string;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const FIELDS: readonly Field[] = [
  { name: 'seconds', min: 0, max: 59, special: '' },
  { name: 'minutes', min: 0, max: 59, special: '' },
  { name: 'hours', min: 0, max: 23, special: '' },
  { name: 'day-of-month', min: 1, max: 31, special: '?LW' },
  { name: 'month', min: 1, max: 12, names: MONTHS, special: '' },
  { name: 'day-of-week', min: 1, max: 7, names: DAYS, special: '?L#' },
  { name: 'year', min: 1970, max: 2099, special: '' },
];

/** Why an expression is not valid Quartz, or undefined when it is. */
export function quartzError(expression: string): string | undefined {
  const parts = expression.trim().toUpperCase().split(/\s+/);
  if (parts.length < 6 || parts.length > 7) {
    return `has ${parts.length} field${parts.length === 1 ? '' : 's'}; Quartz needs 6 or 7 (seconds minutes hours day-of-month month day-of-week [year]), e.g. "0 30 6 * * ?"`;
  }
  for (let i = 0; i < parts.length; i++) {
    const field = FIELDS[i] as Field;
    const error = fieldError(parts[i] ?? '', field);
    if (error) return `${field.name} field "${parts[i]}": ${error}`;
  }
  const dayOfMonth = parts[3] === '?';
  const dayOfWeek = parts[5] === '?';
  if (dayOfMonth && dayOfWeek) return '"?" may stand in day-of-month or day-of-week, not both';
  if (!dayOfMonth && !dayOfWeek) return 'one of day-of-month and day-of-week must be "?" (Quartz does not combine them), e.g. "0 0 6 * * ?"';
  return undefined;
}

function fieldError(text: string, field: Field): string | undefined {
  if (text === '?') return field.special.includes('?') ? undefined : '"?" is only allowed in day-of-month and day-of-week';
  const items = text.split(',');
  for (const item of items) {
    const error = itemError(item, field, items.length > 1);
    if (error) return error;
  }
  return undefined;
}

function itemError(text: string, field: Field, inList: boolean): string | undefined {
  if (text === '') return 'empty value';
  // Names become their numbers first (SUN=1, JAN=1), so WED or JUL are not read as W or L.
  const item = text.replace(/[A-Z]{3}/g, (word) => {
    const index = field.names?.indexOf(word) ?? -1;
    return index >= 0 ? String(index + 1) : word;
  });
  if (/[LW#]/.test(item)) {
    if (inList) return `"${text}" cannot be combined with other values`;
    return specialError(item, field);
  }
  const [range, step, extra] = item.split('/');
  if (extra !== undefined) return `"${text}" has more than one "/"`;
  if (step !== undefined) {
    if (!/^\d+$/.test(step) || Number(step) === 0) return `increment "${step}" must be a positive number`;
    if (Number(step) > field.max) return `increment ${step} is larger than ${field.max}`;
  }
  if (range === '*') return undefined;
  const [from, to, more] = (range ?? '').split('-');
  if (more !== undefined) return `"${text}" is not a range`;
  return valueError(from ?? '', field) ?? (to === undefined ? undefined : valueError(to, field));
}

/** `L`, `L-n`, `nW`, `LW` (day-of-month), `L`, `nL`, `n#k` (day-of-week). */
function specialError(item: string, field: Field): string | undefined {
  if (field.name === 'day-of-month') {
    if (/^L(-\d{1,2})?$/.test(item) || item === 'LW') return undefined;
    const weekday = /^(\d{1,2})W$/.exec(item);
    if (weekday) return valueError(weekday[1] ?? '', field);
    return `"${item}": day-of-month takes L, L-n, nW or LW`;
  }
  if (field.name === 'day-of-week') {
    if (item === 'L') return undefined;
    const last = /^(\d+)L$/.exec(item);
    if (last) return valueError(last[1] ?? '', field);
    const nth = /^(\d+)#(\d+)$/.exec(item);
    if (nth) return valueError(nth[1] ?? '', field) ?? (/^[1-5]$/.test(nth[2] ?? '') ? undefined : `"#${nth[2]}": the week of the month must be 1-5`);
    return `"${item}": day-of-week takes L, nL or n#k`;
  }
  return `"${item}": L, W and # are only allowed in day-of-month and day-of-week`;
}

function valueError(value: string, field: Field): string | undefined {
  if (!/^\d+$/.test(value)) {
    const names = field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : '';
    return `"${value}" is not a number${names}`;
  }
  const n = Number(value);
  if (n < field.min || n > field.max) return `${value} is outside ${field.min}-${field.max}`;
  return undefined;
}
