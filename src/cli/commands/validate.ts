import type { Diagnostic, ResolvedTarget } from '../../core/bundle/model.js';
import { UsageError } from '../../core/errors.js';
import { stringAt } from '../../core/bundle/config-values.js';
import type { Format } from '../../ui/reporters/index.js';
import { VERSION } from '../../version.js';
import { defineCommand } from '../command.js';

interface ValidateArgs {
  target?: string[];
  format?: Format;
}

export default defineCommand<ValidateArgs>({
  command: 'validate',
  describe: 'Check every target of the bundle against the rule catalog (schema, names, references, files, schedules, SQL, dashboards, production safety)',
  examples: [
    ['$0 validate', 'all targets, findings grouped by file'],
    ['$0 validate -t staging -t prod --format sarif > dataops.sarif', 'two targets, as SARIF for GitHub code scanning'],
    ['$0 validate --json', 'findings and a summary as JSON'],
  ],
  builder: (y) =>
    y
      .option('target', { alias: 't', type: 'string', array: true, describe: 'Target to validate (repeatable; default: every target)' })
      .option('format', {
        choices: ['text', 'json', 'sarif', 'github'] as const,
        describe: 'Output: text, json, sarif or github annotations (default: json with --json, github in GitHub Actions, else text)',
      }),
  run: async (args, { out, env, project }) => {
    const [{ loadBundleSchemaValidator }, { createSqlChecker }, { RULES }, validate, reporters, github, { productionSettings }] =
      await Promise.all([
        import('../../adapters/bundle-schema.js'),
        import('../../adapters/sql-checker.js'),
        import('../../core/rules/catalog.js'),
        import('../../core/validate.js'),
        import('../../ui/reporters/index.js'),
        import('../../ui/reporters/github.js'),
        import('../../core/deploy/settings.js'),
      ]);
    const format: Format = args.format ?? (out.json ? 'json' : out.github ? 'github' : 'text');
    const [files, settings] = await Promise.all([project.files(), project.settings()]);
    // A bundle that does not load is a finding (code scanning gets a result), not a crash of the run.
    const loadErrors: Diagnostic[] = [];
    const names: string[] = [];
    let first: ResolvedTarget | undefined;
    try {
      names.push(...(await project.targetNames(args.target ?? [])));
      if (names[0] !== undefined) first = await project.takeTarget(names[0]);
    } catch (error) {
      const failure = validate.loadFailure(error);
      if (!failure) throw error;
      loadErrors.push(failure);
      names.length = 0;
    }
    const bundle = first ? await project.bundle() : undefined;
    const sourceOf = (file: string) => bundle?.source(file);
    if (!first && loadErrors.length === 0) throw new UsageError('the bundle defines no targets to validate', { hint: 'add a targets: section to databricks.yml' });
    let schema = null;
    // Every target loads the same files: the first one's say which resource types the schema must know.
    if (first && settings.validate.rules.schema !== 'off') {
      const documents = first.files.map((file) => sourceOf(file)?.data ?? null);
      const lookup = await loadBundleSchemaValidator(env, documents);
      if (lookup.validator === null) out.warn(`schema rule skipped: ${lookup.reason}`);
      else out.info(`schema: ${lookup.source}`);
      schema = lookup.validator;
    }
    const bundleRootPath = first ? stringAt(first.config, ['bundle', 'git', 'bundle_root_path']) : undefined;
    const rootFile = first?.files[0] ?? 'databricks.yml';
    const { offlineLookupWarnings } = await import('../../core/bundle/lookups.js');
    const warned = new Set<string>();
    // One target at a time, each resolved when the previous one's rules have run: a large bundle's targets are never all in memory.
    async function* oneAtATime(): AsyncGenerator<ResolvedTarget> {
      let target = first;
      first = undefined;
      for (let index = 1; target !== undefined; index++) {
        for (const warning of offlineLookupWarnings([target])) {
          if (warned.has(warning)) continue;
          warned.add(warning);
          out.warn(warning);
        }
        yield target;
        // Let go of this target before the next one resolves.
        target = undefined;
        if (index < names.length) target = await project.takeTarget(names[index] as string);
      }
    }
    const sql = createSqlChecker(env);
    const report = await validate.validateTargets(oneAtATime(), { files, schema, sql, sourceOf, loadErrors, production: productionSettings(settings.raw) }, RULES, settings.validate);
    sql.save();
    const text = reporters.renderReport(format, report, {
      rules: RULES,
      version: VERSION,
      read: (file) => files.read(file),
      uriPrefix: bundleRootPath && bundleRootPath !== '.' ? bundleRootPath : '',
      rootFile,
    });
    if (text) out.print(text);
    if (format === 'github') {
      const { appendStepSummary } = await import('../../ui/github.js');
      appendStepSummary(env, github.renderStepSummary(report));
      out.info(reporters.summaryLine(report));
    }
    return report.summary.errors > 0 ? 1 : 0;
  },
});
