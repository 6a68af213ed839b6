import type { TestContext } from '../../core/testing/layers.js';
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
    const [report, pytest, { runTestLayer }] = await Promise.all([import('../../core/testing/summary.js'), import('../../adapters/pytest.js'), import('../../core/testing/run.js')]);
    // The bundle root holds tests/ in the standard project; without a bundle, the working directory does.
    const root = project.rootOrCwd();
    const layer = args.layer;
    const { summary, outcome, ok } = await runTestLayer(
      { layer, pytestArgs: (args['--'] ?? []).map(String), allowEmpty: args.allowEmpty },
      {
        root,
        directoryExists: (relative) => pytest.directoryExists(root, relative),
        deployment: () => deploymentContext(layer, args.target, project),
        targetName: args.target ?? env.DATABRICKS_BUNDLE_TARGET,
        pytest: (pytestArgs, testEnv) => {
          const python = pytest.findPython(root, env);
          out.debug(`python: ${python}`);
          return pytest.runPytest(python, pytestArgs, { root, env: { ...env, ...testEnv }, onLine: (line) => out.info(line) });
        },
        readReport: (relative) => pytest.readReport(root, relative),
      },
    );
    out.info('');
    out.info(report.renderTable(summary));
    for (const annotation of report.failureAnnotations(summary)) out.annotate(annotation);
    if (out.github) {
      const { appendStepSummary } = await import('../../ui/github.js');
      appendStepSummary(env, report.renderMarkdown(summary));
    }
    if (out.json) out.result(summary);
    if (ok) {
      out.info(report.verdict(summary));
      return 0;
    }
    const hint = outcome === 'empty' ? `add tests under tests/${layer}/, or pass --allow-empty if this layer is knowingly empty` : undefined;
    out.error(report.verdict(summary), undefined, hint);
    return 1;
  },
});

/** Target, host and bundle summary for a workspace layer's tests (the CLI picks the default target when -t is absent). */
async function deploymentContext(layer: layers.TestLayer, target: string | undefined, project: Project): Promise<TestContext> {
  const { env } = project;
  const [{ readBundleSummary, saveBundleSummary }, { stringAt }] = await Promise.all([import('../../adapters/bundle-summary.js'), import('../../core/bundle/config-values.js')]);
  const deployment = await project.deployment(target);
  const summary = await readBundleSummary({ root: project.root(), env, target: deployment.target, vars: deployment.vars });
  const summaryPath = await saveBundleSummary(project.root(), `reports/${layer}.bundle-summary.json`, summary);
  const host = env.DATABRICKS_HOST ?? stringAt(summary.config, ['workspace', 'host']);
  return { target: summary.target, ...(host ? { host } : {}), summaryPath };
}
