import type { StatementState } from '../../core/workspace-api.js';

/**
 * The statements `dataops local` answers for. The Statement Execution API answers for a finished
 * statement (CLOSED ones too, so a late poll learns that its result expired) and removes it
 * "after at least 12 hours in terminal state", when calls get 404. The table forgets a statement
 * at that age, and sooner, oldest first, past a count, so that it stays bounded however many
 * statements clients send. A statement still PENDING or RUNNING is never forgotten.
 */

/** How long a finished statement is answered for, as the API documents it. */
export const STATEMENT_RETENTION_MS = 12 * 60 * 60 * 1000;
/** The most statements kept; a CLOSED one weighs a few hundred bytes. */
export const MAX_STATEMENTS = 10_000;

export interface TableEntry {
  id: string;
  state: StatementState;
  /** When it reached a final state. */
  endedAt?: number;
}

export class StatementTable<T extends TableEntry> {
  /** In the order statements were sent: the first is the oldest. */
  private readonly entries = new Map<string, T>();

  constructor(
    private readonly now: () => number,
    private readonly limits = { retentionMs: STATEMENT_RETENTION_MS, maxStatements: MAX_STATEMENTS },
  ) {}

  add(entry: T): void {
    this.entries.set(entry.id, entry);
    this.sweep();
  }

  get(id: string): T | undefined {
    return this.entries.get(id);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Forgets, oldest first, the finished statements past the retention or past the count. */
  sweep(): void {
    const forgetBefore = this.now() - this.limits.retentionMs;
    let excess = this.entries.size - this.limits.maxStatements;
    for (const [id, entry] of this.entries) {
      if (entry.endedAt === undefined) continue;
      // Sent in order, so ended nearly in order: the first young one ends the pass ("at least 12 hours").
      if (entry.endedAt > forgetBefore && excess <= 0) break;
      this.entries.delete(id);
      excess -= 1;
    }
  }
}
