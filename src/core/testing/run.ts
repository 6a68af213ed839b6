/**
 * `dataops test <layer>`: pytest on the layer's directory with the deployment it tests
 * against in its environment, then its JUnit report read into a summary. pytest, the files
 * and the deployment are capabilities passed in; the command only shows the summary.
 */
import { ExternalError, UsageError } from '../errors.js';
import { parseJUnit, type JUnitReport } from './junit.js';
import { junitPath, layerDirectory, needsDeployment, outcomeOf, pytestArguments, testEnvironment, type PytestOutcome, type TestContext, type TestLayer } from './layers.js';
import { summarize, type TestSummary } from './summary.js';

export interface PytestResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

export interface TestRunCapabilities {
  /** Where the layer directories and reports/ are: the bundle root, or the working directory without a bundle. */
  root: string;
  directoryExists(relativePath: string): boolean;
  /** Target, host and bundle summary of the deployment under test; asked only for a workspace layer with tests. */
  deployment(): Promise<TestContext>;
  /** Target name alone, for a layer that needs no deployment. */
  targetName: string | undefined;
  pytest(args: string[], env: Record<string, string>): Promise<PytestResult>;
  readReport(relativePath: string): Promise<string | undefined>;
}

export interface TestRun {
  outcome: PytestOutcome;
  summary: TestSummary;
  /** Passed, or knowingly empty. */
  ok: boolean;
}

export async function runTestLayer(request: { layer: TestLayer; pytestArgs: readonly string[]; allowEmpty: boolean }, capabilities: TestRunCapabilities): Promise<TestRun> {
  const { layer } = request;
  const junit = junitPath(layer);
  const present = capabilities.directoryExists(layerDirectory(layer));
  const context: TestContext = present && needsDeployment(layer) ? await capabilities.deployment() : { ...(capabilities.targetName ? { target: capabilities.targetName } : {}) };

  let outcome: PytestOutcome = 'empty';
  let xml: string | undefined;
  if (present) {
    const result = await capabilities.pytest(pytestArguments(layer, request.pytestArgs), testEnvironment(context));
    outcome = outcomeOf(result.exitCode);
    if (outcome === 'usage') throw new UsageError(`pytest refused its arguments: ${lastLine(result.stderr || result.stdout)}`, { hint: 'check the arguments after --' });
    if (outcome === 'crashed') throw new ExternalError(`pytest stopped with exit code ${result.exitCode}: ${lastLine(result.stderr || result.stdout)}`);
    xml = await capabilities.readReport(junit);
  }
  let parsed: JUnitReport = { cases: [], seconds: 0 };
  if (xml !== undefined) {
    try {
      parsed = parseJUnit(xml, capabilities.root);
    } catch (error) {
      throw new ExternalError(`${junit} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  } else if (outcome !== 'empty') {
    throw new ExternalError(`pytest wrote no ${junit}`, { hint: 'a pytest.ini or conftest.py may override --junitxml' });
  }
  const summary = summarize(layer, outcome, parsed, { target: context.target ?? null, junit });
  return { outcome, summary, ok: outcome === 'passed' || (outcome === 'empty' && request.allowEmpty) };
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}
