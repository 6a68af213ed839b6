import type {
  ColumnInfo,
  ExecuteStatementRequest,
  ListWarehousesResponse,
  ResultData,
  StatementResponse,
  StatementState,
  Warehouse,
} from '../../core/workspace-api.js';
import type { Transport } from './transport.js';

export class WarehousesApi {
  constructor(private readonly http: Transport) {}

  async list(): Promise<Warehouse[]> {
    return (await this.http.json<ListWarehousesResponse>('GET', '/api/2.0/sql/warehouses')).warehouses ?? [];
  }

  get(id: string): Promise<Warehouse> {
    return this.http.json('GET', `/api/2.0/sql/warehouses/${encodeURIComponent(id)}`);
  }

  start(id: string): Promise<void> {
    return this.http.json('POST', `/api/2.0/sql/warehouses/${encodeURIComponent(id)}/start`);
  }

  stop(id: string): Promise<void> {
    return this.http.json('POST', `/api/2.0/sql/warehouses/${encodeURIComponent(id)}/stop`);
  }
}

/** A statement run to its end, with every row of every chunk. */
export interface StatementOutcome {
  statementId: string;
  state: StatementState;
  columns: ColumnInfo[];
  rows: Array<Array<string | null>>;
  error?: { error_code: string; message: string };
}

const FINAL_STATES: ReadonlySet<StatementState> = new Set(['SUCCEEDED', 'FAILED', 'CANCELED', 'CLOSED']);

export class StatementsApi {
  constructor(
    private readonly http: Transport,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  execute(request: ExecuteStatementRequest): Promise<StatementResponse> {
    return this.http.json('POST', '/api/2.0/sql/statements', { body: request });
  }

  get(statementId: string): Promise<StatementResponse> {
    return this.http.json('GET', `/api/2.0/sql/statements/${encodeURIComponent(statementId)}`);
  }

  getChunk(statementId: string, chunkIndex: number): Promise<ResultData> {
    return this.http.json('GET', `/api/2.0/sql/statements/${encodeURIComponent(statementId)}/result/chunks/${chunkIndex}`);
  }

  cancel(statementId: string): Promise<void> {
    return this.http.json('POST', `/api/2.0/sql/statements/${encodeURIComponent(statementId)}/cancel`);
  }

  /**
   * Submits a statement and follows it to a final state (the submit call returns after
   * `wait_timeout` whatever the state), then reads every result chunk. A FAILED statement
   * is returned, not thrown: the caller decides what a SQL error means.
   */
  async run(request: ExecuteStatementRequest, options: { pollMs?: number; timeoutMs?: number } = {}): Promise<StatementOutcome> {
    const deadline = Date.now() + (options.timeoutMs ?? 10 * 60_000);
    let response = await this.execute({ wait_timeout: '10s', on_wait_timeout: 'CONTINUE', ...request });
    let poll = options.pollMs ?? 200;
    while (!FINAL_STATES.has(response.status.state)) {
      if (Date.now() > deadline) {
        await this.cancel(response.statement_id);
        return { statementId: response.statement_id, state: 'CANCELED', columns: [], rows: [] };
      }
      await this.sleep(poll);
      poll = Math.min(poll * 2, 2000);
      response = await this.get(response.statement_id);
    }
    const rows = [...(response.result?.data_array ?? [])];
    for (let next = response.result?.next_chunk_index; next !== undefined; ) {
      const chunk = await this.getChunk(response.statement_id, next);
      rows.push(...(chunk.data_array ?? []));
      next = chunk.next_chunk_index;
    }
    return {
      statementId: response.statement_id,
      state: response.status.state,
      columns: response.manifest?.schema.columns ?? [],
      rows,
      ...(response.status.error ? { error: response.status.error } : {}),
    };
  }
}
