// A bounded soak of `dataops local` (dist/dataops) on 127.0.0.1: 8 clients send SQL statements
// through the Statement Execution API for 60 s (inserts, 2,000-row selects read in two chunks,
// counts), the server is stopped and started again on the same data dir and port halfway
// (`dataops local down` / `up --detach`), then the load stops and the server idles for 60 s.
// Reports the HTTP 5xx answers, the inserts acknowledged (SUCCEEDED) and then missing, and the
// server's resident memory (VmRSS) before the load, at its peak and 60 s after the load stopped.
//   node bench/local-soak.mjs [--binary FILE]... [--seconds 60] [--idle 60] [--clients 8] [--result-lifetime S]
//     several --binary: one soak each, one after the other, in this run. --result-lifetime (seconds,
//     default 30) is passed to `dataops local up` (a binary without the option runs without it);
//     the result budget is the default.
//     Targets: no 5xx, nothing acknowledged lost, RSS 60 s after the load ≤ RSS before it + 50 MB.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { machineLoad } from './lib/measure.mjs';
import { BINARY, requireBuilt } from './process.mjs';

const args = process.argv.slice(2);
const valueOf = (flag, fallback) => {
  const at = args.lastIndexOf(flag);
  return at >= 0 ? args[at + 1] : fallback;
};
const binaries = args.flatMap((arg, i) => (args[i - 1] === '--binary' ? [path.resolve(arg)] : []));
const LOAD_S = Number(valueOf('--seconds', '60'));
const IDLE_S = Number(valueOf('--idle', '60'));
const CLIENTS = Number(valueOf('--clients', '8'));
const LIFETIME_S = valueOf('--result-lifetime', '30');
const SELECT_ROWS = 2000;
const MB = 1e6;
requireBuilt();
if (binaries.length === 0) binaries.push(BINARY);
for (const file of binaries) {
  if (!existsSync(file)) {
    console.error(`${file} is missing`);
    process.exit(2);
  }
}

async function soak(binary) {
  const work = mkdtempSync(path.join(os.tmpdir(), 'dataops-bench-soak-'));
  const dataDir = path.join(work, 'data');
  const port = await freePort();
  // A binary from before results expired has no --result-lifetime: it runs with what it has.
  const knowsLifetime = (await new Server(binary).dataops(['local', 'up', '--help'])).includes('--result-lifetime');
  const server = new Server(binary, dataDir, port, knowsLifetime ? ['--result-lifetime', LIFETIME_S] : []);
  const tally = { requests: 0, status5xx: 0, statusOther: {}, cutByRestart: 0, connectionErrorsOutsideRestart: 0, statements: 0, failed: [], closedBeforeRead: 0 };
  const acknowledged = [];
  let restarting = false;
  try {
    await server.up();
    const warehouse = await server.warehouseId();
    await server.sql(warehouse, 'CREATE TABLE IF NOT EXISTS soak_rows (client INT, seq INT)');
    // One of each kind first, so the engine and every code path are loaded before "before".
    await server.sql(warehouse, `SELECT range AS id, md5(range::VARCHAR) AS digest FROM range(${SELECT_ROWS})`);
    await sleep(2000);
    const before = { rssMB: server.rssMB(), load: machineLoad() };
    const samples = [];
    const sampler = setInterval(() => {
      const rss = server.rssMB();
      if (rss !== null) samples.push({ at: Date.now(), rss, pid: server.pid });
    }, 500);

    const started = Date.now();
    const stopAt = started + LOAD_S * 1000;
    const client = async (number) => {
      for (let seq = 0; Date.now() < stopAt; seq += 1) {
        try {
          await step(server, warehouse, number, seq, tally, acknowledged);
        } catch (error) {
          // A call cut by the restart, or refused while the server is down: wait and go on.
          if (!(error instanceof ConnectionError)) throw error;
          if (restarting) tally.cutByRestart += 1;
          else tally.connectionErrorsOutsideRestart += 1;
          await sleep(200);
        }
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, i) => client(i));
    await sleep((LOAD_S * 1000) / 2);
    const firstProcess = { pid: server.pid, peakMB: Math.max(...samples.filter((s) => s.pid === server.pid).map((s) => s.rss)) };
    restarting = true;
    const restartStarted = Date.now();
    // Not blocking: the clients go on calling and are refused while the server is down.
    await server.down();
    await server.up();
    const restartMs = Date.now() - restartStarted;
    // Calls cut in flight show up just after the new server answers.
    await sleep(1000);
    restarting = false;
    await Promise.all(clients);
    const stopped = Date.now();
    const atStop = server.rssMB();
    await sleep(IDLE_S * 1000);
    const after = server.rssMB();
    clearInterval(sampler);

    const present = new Set((await server.sql(warehouse, 'SELECT client, seq FROM soak_rows')).rows.map(([c, s]) => `${c}/${s}`));
    const lost = acknowledged.filter((key) => !present.has(key));
    const secondSamples = samples.filter((s) => s.pid === server.pid && s.at <= stopped);
    return {
      date: new Date().toISOString(),
      clients: CLIENTS,
      loadSeconds: LOAD_S,
      idleSeconds: IDLE_S,
      resultLifetimeSeconds: knowsLifetime ? Number(LIFETIME_S) : null,
      restartMs,
      ...tally,
      failed: tally.failed.slice(0, 5),
      failedCount: tally.failed.length,
      acknowledgedInserts: acknowledged.length,
      lostInserts: lost.length,
      lostExamples: lost.slice(0, 5),
      rss: {
        beforeMB: round(before.rssMB),
        firstProcessPeakMB: round(firstProcess.peakMB),
        secondProcessPeakMB: round(Math.max(...secondSamples.map((s) => s.rss))),
        atStopMB: round(atStop),
        afterIdleMB: round(after),
        afterMinusBeforeMB: round(after - before.rssMB),
      },
      machineLoad: { before: before.load, after: machineLoad() },
      verdict: {
        no5xx: tally.status5xx === 0,
        nothingLost: lost.length === 0,
        rssBack: after - before.rssMB <= 50,
      },
    };
  } finally {
    await server.down();
    rmSync(work, { recursive: true, force: true });
  }
}

/** One statement of client `number`'s `seq`-th turn: an insert, a 2,000-row select, or a count. */
async function step(server, warehouse, number, seq, tally, acknowledged) {
  const kind = seq % 4;
  const statement =
    kind === 0
      ? `INSERT INTO soak_rows VALUES (${number}, ${seq})`
      : kind === 3
        ? 'SELECT count(*) AS n FROM soak_rows'
        : `SELECT range AS id, md5((range + ${seq})::VARCHAR) AS digest FROM range(${SELECT_ROWS})`;
  const response = await server.statement(warehouse, statement, tally);
  tally.statements += 1;
  if (response.status.state !== 'SUCCEEDED') {
    tally.failed.push(`${statement}: ${response.status.state} ${response.status.error?.message ?? ''}`);
    return;
  }
  if (kind === 0) acknowledged.push(`${number}/${seq}`);
  const next = response.result?.next_chunk_index;
  if (next !== undefined) {
    const chunk = await server.call('GET', `/api/2.0/sql/statements/${response.statement_id}/result/chunks/${next}`, undefined, tally);
    if (chunk.status === 400 && chunk.body.error_code === 'INVALID_STATE') tally.closedBeforeRead += 1;
  }
}

class ConnectionError extends Error {}

/** `dataops local` in the background, and calls to it. */
class Server {
  constructor(binary, dataDir, port, upOptions = []) {
    Object.assign(this, { binary, dataDir, port, upOptions, pid: null, token: null });
  }

  async up() {
    await this.dataops(['local', 'up', '--data-dir', this.dataDir, '--port', String(this.port), '--detach', ...this.upOptions]);
    const exports = await this.dataops(['local', 'env', '--data-dir', this.dataDir]);
    this.token = /^export DATABRICKS_TOKEN=(.*)$/m.exec(exports)?.[1];
    this.pid = JSON.parse(readFileSync(path.join(this.dataDir, 'server.json'), 'utf8')).pid;
  }

  async down() {
    await this.dataops(['local', 'down', '--data-dir', this.dataDir]);
  }

  /** Runs the binary without blocking the clients; its stdout, or the bench stops with its stderr. */
  dataops(argv) {
    return new Promise((resolve) => {
      execFile(this.binary, argv, { encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
        if (error) {
          console.error(`dataops ${argv.join(' ')} failed (${error.code ?? error.signal}):\n${stderr}`);
          process.exit(1);
        }
        resolve(stdout);
      });
    });
  }

  rssMB() {
    try {
      const kib = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'))?.[1];
      return kib ? (Number(kib) * 1024) / MB : null;
    } catch {
      return null;
    }
  }

  async warehouseId() {
    return (await this.call('GET', '/api/2.0/sql/warehouses')).body.warehouses[0].id;
  }

  /** Sends a statement and follows it to a final state. */
  async statement(warehouse, statement, tally) {
    let { body } = await this.call('POST', '/api/2.0/sql/statements', { warehouse_id: warehouse, statement, wait_timeout: '30s' }, tally);
    while (['PENDING', 'RUNNING'].includes(body.status?.state)) {
      await sleep(100);
      const polled = await this.call('GET', `/api/2.0/sql/statements/${body.statement_id}`, undefined, tally);
      // Statements do not outlive the server (as on a warehouse): one sent before the restart is gone.
      if (polled.status === 404) throw new ConnectionError(`statement ${body.statement_id} did not outlive the server`);
      body = polled.body;
    }
    if (!body.status) throw new Error(`no statement status: ${JSON.stringify(body).slice(0, 300)}`);
    return body;
  }

  async sql(warehouse, statement) {
    const response = await this.statement(warehouse, statement);
    if (response.status.state !== 'SUCCEEDED') throw new Error(`${statement}: ${JSON.stringify(response.status)}`);
    const rows = [...(response.result?.data_array ?? [])];
    for (let next = response.result?.next_chunk_index; next !== undefined; ) {
      const chunk = (await this.call('GET', `/api/2.0/sql/statements/${response.statement_id}/result/chunks/${next}`)).body;
      rows.push(...(chunk.data_array ?? []));
      next = chunk.next_chunk_index;
    }
    return { rows };
  }

  async call(method, apiPath, body, tally) {
    let response;
    try {
      response = await fetch(`http://127.0.0.1:${this.port}${apiPath}`, {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    } catch (error) {
      throw new ConnectionError(String(error?.cause?.code ?? error));
    }
    const text = await response.text().catch((error) => {
      throw new ConnectionError(String(error?.cause?.code ?? error));
    });
    if (tally) {
      tally.requests += 1;
      if (response.status >= 500) tally.status5xx += 1;
      else if (response.status >= 300) tally.statusOther[response.status] = (tally.statusOther[response.status] ?? 0) + 1;
    }
    return { status: response.status, body: JSON.parse(text) };
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function round(value) {
  return value === null || !Number.isFinite(value) ? null : Math.round(value * 10) / 10;
}

// Last: the classes above are initialised only when their declarations have run.
for (const binary of binaries) {
  const figures = await soak(binary);
  console.log(JSON.stringify({ binary: path.relative(process.cwd(), binary) || binary, ...figures }, null, 2));
}
