import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The forms a secret takes on its way out (as it is, percent-encoded, JSON-escaped). A canary
 * with a slash and a quote makes the three differ from each other, so a redaction that knows
 * only the raw value is caught.
 */
export function secretForms(secret: string): string[] {
  return [...new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])];
}

/** Each form of each secret that the text contains. */
export function leakedIn(text: string, secrets: readonly string[]): string[] {
  const forms = secrets.flatMap(secretForms);
  return forms.filter((form) => text.includes(form));
}

/** The files under `dir` (relative paths) that contain a form of a secret; `skip` names folders and files not to read. */
export function filesLeaking(dir: string, secrets: readonly string[], skip: readonly string[] = ['.git']): string[] {
  const found: string[] = [];
  const walk = (relative: string): void => {
    for (const entry of readdirSync(path.join(dir, relative))) {
      const child = path.join(relative, entry);
      if (skip.includes(child)) continue;
      const full = path.join(dir, child);
      const stat = statSync(full);
      if (stat.isDirectory()) walk(child);
      else if (stat.isFile() && leakedIn(readFileSync(full, 'latin1'), secrets).length > 0) found.push(child);
    }
  };
  walk('');
  return found;
}
