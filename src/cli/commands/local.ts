import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ExternalError, UsageError } from '../../core/errors.js';
import type { Output } from '../../ui/output.js';
import { DEFAULT_RESULT_LIMITS } from '../../local/sql/held-results.js';
import { defineCommand } from '../command.js';

const DEFAULT_DATA_DIR = '.dataops/local';
const DETACH_TIMEOUT_MS = 30_000;
const MIB = 1024 * 1024;
const STOP_TIMEOUT_MS = 10_000;

interface DataDirArgs {
  'data-dir': string;
}

const dataDirOption = {
  type: 'string',
  default: DEFAULT_DATA_DIR,
  describe: 'Where the local workspace keeps its state (relative to --cwd)',
} as const;

const up = defineCommand<DataDirArgs & { port: number; detach: boolean; latency: number; 'fail-rate': number; 'result-lifetime': number; 'result-budget': number }>({
  command: 'up',
  describe: 'Start a local Databricks workspace on 127.0.0.1 that the Databricks CLI and SDKs accept',
  examples: [
    ['$0 local up --detach', 'start it in the background and print its URL'],
    ['$0 local up --port 8765 --data-dir /tmp/ws', 'a fixed port and another data dir, in the foreground (Ctrl-C stops it)'],
    ['$0 local up --fail-rate 0.2 --latency 50', 'answer 20% of calls with 429/503 and delay every call by 50 ms, to test clients'],
  ],
  builder: (y) =>
    y
      .option('port', { type: 'number', default: 0, describe: 'Port to listen on (0 picks a free one)' })
      .option('data-dir', dataDirOption)
      .option('detach', { type: 'boolean', default: false, describe: 'Run in the background; return once the server answers' })
      .option('latency', { type: 'number', default: 0, describe: 'Delay every call by this many milliseconds' })
      .option('fail-rate', { type: 'number', default: 0, describe: 'Share of calls (0..1) answered with 429 (Retry-After) or 503' })
      .option('result-lifetime', { type: 'number', default: DEFAULT_RESULT_LIMITS.lifetimeMs / 1000, describe: 'Seconds a statement result can be fetched; then the statement is CLOSED' })
      .option('result-budget', { type: 'number', default: DEFAULT_RESULT_LIMITS.budgetBytes / MIB, describe: 'MiB of statement results held at once; past it the oldest are closed first' }),
  run: async (args, { out, cwd, env: processEnv }) => {
    if (!(args.failRate >= 0 && args.failRate <= 1)) throw new UsageError(`--fail-rate must be between 0 and 1, got ${args.failRate}`);
    if (!(args.latency >= 0)) throw new UsageError(`--latency must be a number of milliseconds, got ${args.latency}`);
    if (!(args.resultLifetime > 0)) throw new UsageError(`--result-lifetime must be a positive number of seconds, got ${args.resultLifetime}`);
    if (!(args.resultBudget > 0)) throw new UsageError(`--result-budget must be a positive number of MiB, got ${args.resultBudget}`);
    const dataDir = path.resolve(cwd, args.dataDir);
    const control = await import('../../local/control.js');
    const running = control.runningServer(dataDir);
    if (running) {
      throw new UsageError(`a local workspace already runs for ${dataDir} at ${running.url} (pid ${running.pid})`, {
        hint: 'stop it with dataops local down, or pass another --data-dir',
      });
    }
    if (args.detach) {
      mkdirSync(dataDir, { recursive: true });
      const upArgs = ['local', 'up', '--data-dir', dataDir, '--port', String(args.port), '--latency', String(args.latency), '--fail-rate', String(args.failRate), '--result-lifetime', String(args.resultLifetime), '--result-budget', String(args.resultBudget)];
      // --verbose reaches the background server, which then logs every call to server.log.
      if (args.verbose) upArgs.push('--verbose');
      const record = await control.startDetached(dataDir, upArgs, DETACH_TIMEOUT_MS, processEnv).catch((error: unknown) => {
        throw new ExternalError(`dataops local up --detach: ${error instanceof Error ? error.message : String(error)}`);
      });
      report(out, { url: record.url, pid: record.pid, dataDir });
      return;
    }
    const { serveUntilSignal } = await import('../../local/serve.js');
    await serveUntilSignal({
      dataDir,
      port: args.port,
      faults: { latencyMs: args.latency, failRate: args.failRate },
      results: { lifetimeMs: args.resultLifetime * 1000, budgetBytes: args.resultBudget * MIB },
      onStarted: (record) => report(out, { url: record.url, pid: record.pid, dataDir }),
      onRequest: args.verbose ? (line) => out.debug(line) : undefined,
    });
  },
});

const down = defineCommand<DataDirArgs>({
  command: 'down',
  describe: 'Stop the local workspace of a data dir (its state stays for the next up)',
  examples: [['$0 local down', 'stop the workspace started with dataops local up --detach']],
  builder: (y) => y.option('data-dir', dataDirOption),
  run: async (args, { out, cwd }) => {
    const dataDir = path.resolve(cwd, args.dataDir);
    const control = await import('../../local/control.js');
    const record = control.runningServer(dataDir);
    if (!record) {
      out.info(`no local workspace runs for ${dataDir}`);
      if (out.json) out.result({ stopped: false, dataDir });
      return;
    }
    if (!(await control.stopServer(record, STOP_TIMEOUT_MS))) {
      throw new ExternalError(`the local workspace (pid ${record.pid}) did not stop within ${STOP_TIMEOUT_MS / 1000}s`);
    }
    out.info(`stopped the local workspace at ${record.url}`);
    if (out.json) out.result({ stopped: true, url: record.url, dataDir });
  },
});

const env = defineCommand<DataDirArgs & { as: 'developer' | 'service-principal' }>({
  command: 'env',
  describe: 'Print export lines that point the Databricks CLI and SDKs at the local workspace',
  examples: [
    ['eval "$($0 local env)"', 'act as the developer in this shell'],
    ['eval "$($0 local env --as service-principal)"', 'act as the deploying service principal'],
  ],
  builder: (y) =>
    y.option('data-dir', dataDirOption).option('as', {
      choices: ['developer', 'service-principal'] as const,
      default: 'developer' as const,
      describe: 'Whose token to print',
    }),
  run: async (args, { out, cwd }) => {
    const dataDir = path.resolve(cwd, args.dataDir);
    const [{ runningServer }, { readIdentities }] = await Promise.all([import('../../local/control.js'), import('../../local/identities.js')]);
    const record = runningServer(dataDir);
    const identities = readIdentities(dataDir);
    if (!record || !identities) {
      throw new UsageError(`no local workspace runs for ${dataDir}`, { hint: 'start one with dataops local up --detach' });
    }
    const stored = identities[args.as];
    const settings = { DATABRICKS_HOST: record.url, DATABRICKS_TOKEN: stored.token };
    // These lines are the command's product: the token of a workspace on 127.0.0.1 that
    // only this data dir knows. They bypass redaction, which would print *** whenever the
    // shell already holds the same token (a second eval).
    const text = out.json
      ? JSON.stringify({ ...settings, identity: stored.identity.userName }, null, 2)
      : Object.entries(settings)
          .map(([name, value]) => `export ${name}=${value}`)
          .join('\n');
    process.stdout.write(`${text}\n`);
  },
});

function report(out: Output, started: { url: string; pid: number; dataDir: string }): void {
  if (out.json) out.result(started);
  else out.print(started.url);
  out.info(`local Databricks workspace at ${started.url} (pid ${started.pid}, data in ${started.dataDir})`);
  out.info(`open ${started.url}/ in a browser: its jobs, runs, pipelines, dashboards and warehouses`);
  out.info('point the Databricks CLI and SDKs at it with: eval "$(dataops local env)"');
}

export default defineCommand({
  command: 'local <command>',
  describe: 'A local Databricks workspace on 127.0.0.1 for trying and testing without an account',
  examples: [
    ['$0 local up --detach && eval "$($0 local env)"', 'start it and point the Databricks CLI at it'],
    ['$0 local down', 'stop it'],
  ],
  subcommands: [up, down, env],
});
