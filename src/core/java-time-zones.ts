/**
 * Time zone ids Java's `TimeZone`/`ZoneId` accept, as Databricks job schedules require:
 * the IANA database (which Node's ICU knows, aliases included) plus Java's own extras.
 */

/** Java's three-letter ids (`ZoneId.SHORT_IDS`, `TimeZone.getAvailableIDs()`) and other non-IANA names. */
const JAVA_EXTRAS = [
  'ACT', 'AET', 'AGT', 'ART', 'AST', 'BET', 'BST', 'CAT', 'CNT', 'CST', 'CTT', 'EAT', 'ECT', 'IET', 'IST',
  'JST', 'MIT', 'NET', 'NST', 'PLT', 'PNT', 'PRT', 'PST', 'SST', 'VST', 'EST', 'MST', 'HST',
  'UTC', 'GMT', 'UT', 'Z', 'GMT0', 'Greenwich', 'UCT', 'Universal', 'Zulu',
  'SystemV/AST4', 'SystemV/AST4ADT', 'SystemV/CST6', 'SystemV/CST6CDT', 'SystemV/EST5', 'SystemV/EST5EDT',
  'SystemV/HST10', 'SystemV/MST7', 'SystemV/MST7MDT', 'SystemV/PST8', 'SystemV/PST8PDT', 'SystemV/YST9', 'SystemV/YST9YDT',
];

/** `GMT+2`, `UTC-05:30`, `+01:00`: fixed offsets that `ZoneId.of` parses. */
const OFFSET = /^(?:(?:GMT|UTC|UT)?[+-](?:\d{1,2}|\d{2}:?\d{2}|\d{2}:\d{2}:\d{2})|Etc\/GMT[+-]\d{1,2})$/;
/** The shape of IANA names (`Europe/Berlin`, `America/Argentina/Buenos_Aires`): Java matches them case-sensitively. */
const IANA_SHAPE = /^[A-Z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9][A-Za-z0-9_+-]*)*$/;

let known: Set<string> | undefined;

function knownIds(): Set<string> {
  known ??= new Set([...Intl.supportedValuesOf('timeZone'), ...JAVA_EXTRAS, 'Etc/UTC', 'Etc/GMT', 'Etc/UCT', 'Etc/Universal', 'Etc/Zulu', 'Etc/Greenwich']);
  return known;
}

/** Whether Java would accept the id. ICU also knows the IANA aliases (`US/Pacific`, `Asia/Calcutta`) Java keeps. */
export function isJavaTimeZone(id: string): boolean {
  if (knownIds().has(id) || OFFSET.test(id)) return true;
  if (!IANA_SHAPE.test(id)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: id });
    return true;
  } catch {
    return false;
  }
}

/** Candidates for a "did you mean": the canonical ids and Java's extras. */
export function javaTimeZoneIds(): string[] {
  return [...knownIds()];
}
