/**
 * What `dataops local` keeps of finished statements' results. The Statement Execution API keeps a
 * result for one hour after the statement succeeded ("polling does not extend this") and then
 * answers for the statement as CLOSED; without the same limit a local server that many clients
 * query grows until it is stopped. On top of the lifetime a byte budget bounds what is held at
 * once: past it the oldest results are closed first.
 */

export interface ResultLimits {
  /** How long a result can be fetched after the statement succeeded. */
  lifetimeMs: number;
  /** The most result bytes (as `resultBytes` weighs them) held at once, over all statements. */
  budgetBytes: number;
}

/** The API's lifetime; the budget is ours, sized for a workstation rather than a warehouse. */
export const DEFAULT_RESULT_LIMITS: ResultLimits = { lifetimeMs: 60 * 60 * 1000, budgetBytes: 64 * 1024 * 1024 };

interface Held {
  bytes: number;
  expiresAt: number;
  close: () => void;
}

export class HeldResults {
  /** In the order results were held: the first is the oldest, and expires first. */
  private readonly held = new Map<string, Held>();
  private bytes = 0;

  constructor(
    private readonly limits: ResultLimits,
    private readonly now: () => number,
  ) {}

  /** Holds a result of `bytes`; `close` drops it when it expires or is evicted. Returns the bytes closed to make room. */
  hold(id: string, bytes: number, close: () => void): number {
    this.release(id);
    this.held.set(id, { bytes, expiresAt: this.now() + this.limits.lifetimeMs, close });
    this.bytes += bytes;
    return this.sweep();
  }

  /**
   * Closes the results past their lifetime, then the oldest until the rest fit the budget.
   * The newest result is never evicted for the budget, so a client always gets the answer it
   * waited for, even one larger than the whole budget. Returns the bytes closed.
   */
  sweep(): number {
    const now = this.now();
    let closed = 0;
    for (const [id, entry] of this.held) {
      const expired = entry.expiresAt <= now;
      const overBudget = this.bytes > this.limits.budgetBytes && this.held.size > 1;
      // Held in order, with one lifetime: the first that is neither lets all later ones stay.
      if (!expired && !overBudget) break;
      this.release(id);
      entry.close();
      closed += entry.bytes;
    }
    return closed;
  }

  /** Bytes held now. */
  get heldBytes(): number {
    return this.bytes;
  }

  private release(id: string): void {
    const entry = this.held.get(id);
    if (!entry) return;
    this.held.delete(id);
    this.bytes -= entry.bytes;
  }
}

/**
 * What a result weighs on the JavaScript heap, near enough to budget by and cheap to count:
 * per row an array, per cell a pointer and a string with its header (64-bit V8, one-byte strings).
 */
export function resultBytes(rows: ReadonlyArray<ReadonlyArray<string | null>>): number {
  let bytes = 0;
  for (const row of rows) {
    bytes += 48 + 8 * row.length;
    for (const cell of row) if (cell !== null) bytes += 16 + Math.ceil(cell.length / 8) * 8;
  }
  return bytes;
}
