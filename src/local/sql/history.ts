/** The statements a warehouse ran lately, newest first: what the warehouse page shows. */
export interface StatementRecord {
  statementId: string;
  warehouseId: string;
  statement: string;
  /** Who sent it: an API caller, a job's SQL task, a dashboard page. */
  source: string;
  state: string;
  startedAt: number;
  endedAt?: number;
  rows?: number;
  error?: string;
}

const KEPT_PER_WAREHOUSE = 100;

export class StatementHistory {
  private readonly records: StatementRecord[] = [];

  constructor(private readonly now: () => number) {}

  started(record: Omit<StatementRecord, 'state' | 'startedAt'>): StatementRecord {
    const entry: StatementRecord = { ...record, state: 'RUNNING', startedAt: this.now() };
    this.records.unshift(entry);
    const ofWarehouse = this.records.filter((r) => r.warehouseId === record.warehouseId);
    if (ofWarehouse.length > KEPT_PER_WAREHOUSE) this.records.splice(this.records.lastIndexOf(ofWarehouse[ofWarehouse.length - 1] as StatementRecord), 1);
    return entry;
  }

  finished(entry: StatementRecord, outcome: { state: string; rows?: number; error?: string }): void {
    entry.state = outcome.state;
    entry.endedAt = this.now();
    if (outcome.rows !== undefined) entry.rows = outcome.rows;
    if (outcome.error !== undefined) entry.error = outcome.error;
  }

  of(warehouseId: string): StatementRecord[] {
    return this.records.filter((r) => r.warehouseId === warehouseId);
  }
}
