/**
 * When the memory of closed statement results is collected: after something was closed, once
 * the server has had no statement call for `quietMs`. Collecting under load would only cost
 * time; never collecting leaves an idle server at the size of its busiest minute.
 */
export class QuietCollection {
  private lastCall: number;
  private closedBytes = 0;

  constructor(
    private readonly now: () => number,
    private readonly quietMs: number,
    private readonly collect: () => void,
  ) {
    this.lastCall = now();
  }

  /** A statement call came in. */
  called(): void {
    this.lastCall = this.now();
  }

  /** Results of `bytes` were closed. */
  closed(bytes: number): void {
    this.closedBytes += bytes;
  }

  /** The sweeper's turn: collects when something was closed and the server has been quiet. */
  tick(): void {
    if (this.closedBytes === 0 || this.now() - this.lastCall < this.quietMs) return;
    this.closedBytes = 0;
    this.collect();
  }
}
