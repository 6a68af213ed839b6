import path from 'node:path';
import type { JsonObject } from '../../core/bundle/model.js';
import { UsageError, type SourceLocation } from '../../core/errors.js';
import type { QueryObjective } from '../../core/slo/settings.js';
import { defineCommand } from '../command.js';

interface SloArgs {
  target?: string;
}

export default defineCommand<SloArgs>({
  command: 'slo',
  online: true,
  describe: 'Measure query latency against the objectives in dataops.yml (slo.queries): p50, p95, max over warm runs, cold start apart',
  examples: [
    ['$0 slo -t staging', 'measure every slo query of dataops.yml on the staging warehouses'],
    ['$0 slo -t prod --json', 'the measurements as JSON (exit 1 on any breach)'],
  ],
  builder: (y) => y.option('target', { alias: 't', type: 'string', requiresArg: true, describe: 'Bundle target whose variables name the warehouses (default: the bundle default)' }),
  run: async (args, { out, env, project }) => {
    const [{ loadSloSettings }, { warehouseRef }, { checkSlos }, render, { connectWorkspace }, { warehouseIdByName }, { whereToLook }] = await Promise.all([
      import('../../adapters/slo-settings.js'),
      import('../../core/slo/warehouse-ref.js'),
      import('../../core/slo/check.js'),
      import('../../core/slo/render.js'),
      import('../../adapters/workspace/client.js'),
      import('../../adapters/workspace/warehouse-lookup.js'),
      import('../deploy-preflight.js'),
    ]);
    const root = project.root();
    const { settings, locate } = await loadSloSettings(project);
    if (settings.queries.length === 0) {
      throw new UsageError('dataops.yml declares no latency objectives (slo.queries)', {
        location: { file: 'dataops.yml' },
        hint: 'add e.g. slo: {queries: [{name: daily_sales, sql: "SELECT …", warehouse: "${var.warehouse_id}", p95_ms: 2000}]}',
      });
    }
    let config: JsonObject | undefined;
    const targetConfig = async (): Promise<JsonObject> => {
      if (config) return config;
      const deployment = await project.deployment(args.target);
      const { resolved } = deployment;
      const error = resolved.diagnostics.find((d) => d.severity === 'error');
      if (error) throw new UsageError(`the bundle does not resolve: ${error.summary}`, { hint: whereToLook(deployment, 'dataops validate shows every problem') });
      return (config = resolved.config);
    };
    const client = await connectWorkspace(env);
    const fail = (query: QueryObjective, field: string, message: string): never => {
      const hint = field === 'file' ? `the path is relative to the project root (${root})` : 'name a warehouse by id, by ${var.<name>} of the bundle, or by a lookup variable';
      throw new UsageError(`slo query ${query.name}: ${message}`, { location: locate([...query.path, field]), hint });
    };
    const step = await out.step('measuring latency objectives');
    const report = await checkSlos(settings, {
      statements: client.statements,
      warehouses: client.warehouses,
      clock: { now: () => performance.now(), sleep: async (ms) => (await import('node:timers/promises')).setTimeout(ms) },
      warehouseId: async (query) => {
        const ref = query.warehouse.includes('${') ? warehouseRef(query.warehouse, await targetConfig()) : { id: query.warehouse };
        if (typeof ref === 'string') return fail(query, 'warehouse', ref);
        return 'id' in ref ? ref.id : warehouseIdByName(client.warehouses, ref.lookupName);
      },
      sqlOf: async (query) => {
        if (query.sql !== undefined) return query.sql;
        const file = path.resolve(root, query.file ?? '');
        return (await import('node:fs/promises')).readFile(file, 'utf8').catch(() => fail(query, 'file', `cannot read ${query.file}`));
      },
      progress: (text) => step.update(text),
    });
    if (report.ok) step.succeed('latency objectives met');
    else step.fail('latency objectives not met');

    out.info(render.renderSloTable(report));
    for (const query of [...report.queries, ...report.scaling]) {
      const verdict = render.verdictOf(query);
      if (verdict === 'ok') continue;
      const objective = [...settings.queries, ...settings.scaling].find((o) => ('name' in o ? o.name : `${o.query} ×${o.concurrency}`) === query.name);
      const at: SourceLocation | undefined = objective ? locate(objective.path) : undefined;
      out.annotate({ level: 'error', title: `slo ${query.name}`, message: verdict, ...(at ? { file: at.file, line: at.line } : {}) });
    }
    if (out.github) {
      const { appendStepSummary } = await import('../../ui/github.js');
      appendStepSummary(env, render.renderSloMarkdown(report));
    }
    if (out.json) out.result(report);
    return report.ok ? 0 : 1;
  },
});
