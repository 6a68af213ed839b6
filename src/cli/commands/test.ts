import { ExternalError, UsageError } from '../../core/errors.js';
import type { JUnitReport } from '../../core/testing/junit.js';
import * as layers from '../../core/testing/layers.js';
import type { Project } from '../../adapters/project.js';
import { defineCommand } from '../command.js';

interface TestArgs {
  layer: layers.TestLayer;
  target?: string;
  'allow-empty': boolean;
  '--'?: Array<string | number>;
}

export default defineCommand<TestArgs>({
  command: 'test <layer>',
  describe: 'Run a test layer (unit, integration, nonfunctional) with pytest: JUnit in reports/, a summary, annotations',
  examples: [
    ['$0 test unit', 'pytest on tests/unit/, JUnit in reports/unit.xml'],
    ['$0 test integration -t staging', 'integration tests against the staging deployment (DATAOPS_BUNDLE_SUMMARY gives them its ids)'],
    ['$0 test unit -- -k sales -x', 'pass arguments to pytest after --'],
  ],
  builder: (y) =>
    y
      .parserConfiguration({ 'populate--': true })
      .positional('layer', { choices: layers.TEST_LAYERS, describe: 'Which tests/<layer>/ to run', demandOption: true })
      .option('target', { alias: 't', type: 'string', requiresArg: true, describe: 'Bundle target the tests run against (default: the bundle default)' })
      .option('allow-empty', { type: 'boolean', default: false, describe: 'A layer without tests passes instead of failing' }),
  run: async (args, { out, env, project }) => {
    const [{ parseJUnit }, report, pytest] = await Promise.all([
      import('../../core/testing/junit.js'),
      import('../../core/testing/summary.js'),
      import('../../adapters/pytest.js'),
    ]);
    // The bundle root holds tests/ in the standard project; without a bundle, the working directory does.
    const root = project.rootOrCwd();
    const layer = args.layer;
    const junit = layers.junitPath(layer);
    const present = pytest.directoryExists(root, layers.layerDirectory(layer));
    const context = await deploymentContext(layer, args.target, project, present && layers.needsDeployment(layer));

    let outcome: layers.PytestOutcome = 'empty';
    let xml: string | undefined;
    if (present) {
      const python = pytest.findPython(root, env);
      out.debug(`python: ${python}`);
      const result = await pytest.runPytest(python, layers.pytestArguments(layer, (args['--'] ?? []).map(String)), {
        root,
        env: { ...env, ...layers.testEnvironment(context) },
        onLine: (line) => out.info(line),
      });
      outcome = layers.outcomeOf(result.exitCode);
      if (outcome === 'usage') throw new UsageError(`pytest refused its arguments: ${lastLine(result.stderr || result.stdout)}`, { hint: 'check the arguments after --' });
      if (outcome === 'crashed') throw new ExternalError(`pytest stopped with exit code ${result.exitCode}: ${lastLine(result.stderr || result.stdout)}`);
      xml = await pytest.readReport(root, junit);
    }
    let parsed: JUnitReport = { cases: [], seconds: 0 };
    if (xml !== undefined) {
      try {
        parsed = parseJUnit(xml, root);
      } catch (error) {
        throw new ExternalError(`${junit} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
      }
    } else if (outcome !== 'empty') {
      throw new ExternalError(`pytest wrote no ${junit}`, { hint: 'a pytest.ini or conftest.py may override --junitxml' });
    }

    const summary = report.summarize(layer, outcome, parsed, { target: context.target ?? null, junit });
    out.info('');
    out.info(report.renderTable(summary));
    for (const annotation of report.failureAnnotations(summary)) out.annotate(annotation);
    if (out.github) {
      const { appendStepSummary } = await import('../../ui/github.js');
      appendStepSummary(env, report.renderMarkdown(summary));
    }
    if (out.json) out.result(summary);
    if (outcome === 'passed' || (outcome === 'empty' && args.allowEmpty)) {
      out.info(report.verdict(summary));
      return 0;
    }
    const hint = outcome === 'empty' ? `add tests under tests/${layer}/, or pass --allow-empty if this layer is knowingly empty` : undefined;
    out.error(report.verdict(summary), undefined, hint);
    return 1;
  },
});

/**
 * Target, host and bundle summary for the tests. Workspace layers always get them (the CLI
 * picks the default target when -t is absent); unit tests get the target name only.
 */
async function deploymentContext(
  layer: layers.TestLayer,
  target: string | undefined,
  project: Project,
  needed: boolean,
): Promise<{ target?: string; host?: string; summaryPath?: string }> {
  const { env } = project;
  if (!needed) return { target: target ?? env.DATABRICKS_BUNDLE_TARGET };
  const [{ readBundleSummary, saveBundleSummary }, { stringAt }] = await Promise.all([import('../../adapters/bundle-summary.js'), import('../../core/bundle/config-values.js')]);
  const deployment = await project.deployment(target);
  const summary = await readBundleSummary({ root: project.root(), env, target: deployment.target, vars: deployment.vars });
  const summaryPath = await saveBundleSummary(project.root(), `reports/${layer}.bundle-summary.json`, summary);
  const host = env.DATABRICKS_HOST ?? stringAt(summary.config, ['workspace', 'host']);
  return { target: summary.target, ...(host ? { host } : {}), summaryPath };
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}
