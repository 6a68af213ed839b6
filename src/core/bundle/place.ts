import type { Diagnostic, Location, ResolvedTarget } from './model.js';

/** Where the diagnostic was written, else where what it is about was (`subject`: the CLI prints no place for it). */
export function placeOf(d: Diagnostic, target: Pick<ResolvedTarget, 'locate'>): Location | undefined {
  return d.locations[0] ?? (d.subject ? target.locate(d.subject) : undefined);
}
