import type { SqlResult } from './engine.js';

/**
 * Delta Lake maintenance (OPTIMIZE, VACUUM, ANALYZE, REFRESH, FSCK) compacts and cleans the
 * files of Delta tables. The local warehouse keeps no Delta files, so there is nothing to do:
 * such a statement succeeds with no rows, as one on an already compact table would.
 */
const MAINTENANCE = /^\s*(OPTIMIZE|VACUUM|ANALYZE\s+TABLE|REFRESH\s+TABLE|FSCK\s+REPAIR\s+TABLE)\s/i;

export function answerDeltaMaintenance(sql: string): SqlResult | undefined {
  const match = MAINTENANCE.exec(sql);
  if (!match) return undefined;
  return { columns: [{ name: 'path', typeName: 'STRING', typeText: 'STRING' }], rows: [] };
}
