/**
 * The three test layers of a project (seed §6) and how pytest runs each of them.
 * Paths are relative to the project root and use forward slashes.
 */
export const TEST_LAYERS = ['unit', 'integration', 'nonfunctional'] as const;
export type TestLayer = (typeof TEST_LAYERS)[number];

/** Layers whose tests talk to a deployed target and need its bundle summary. */
export function needsDeployment(layer: TestLayer): boolean {
  return layer !== 'unit';
}

export function layerDirectory(layer: TestLayer): string {
  return `tests/${layer}`;
}

export function junitPath(layer: TestLayer): string {
  return `reports/${layer}.xml`;
}

/** `python -m pytest …`: the layer's directory, the JUnit file, then what the user passed after `--`. */
export function pytestArguments(layer: TestLayer, extra: readonly string[]): string[] {
  return ['-m', 'pytest', `${layerDirectory(layer)}/`, `--junitxml=${junitPath(layer)}`, ...extra];
}

/** What the tests of a layer find in their environment. */
export interface TestContext {
  target?: string;
  host?: string;
  /** Path of `databricks bundle summary -o json` of the target. */
  summaryPath?: string;
}

export function testEnvironment(context: TestContext): Record<string, string> {
  const env: Record<string, string> = {};
  if (context.target) env.DATABRICKS_BUNDLE_TARGET = context.target;
  if (context.host) env.DATABRICKS_HOST = context.host;
  if (context.summaryPath) env.DATAOPS_BUNDLE_SUMMARY = context.summaryPath;
  return env;
}

/**
 * What pytest's exit code means. Collection errors make pytest exit 2 ("interrupted"), but
 * to a project they are failing tests, so they count as failed.
 */
export type PytestOutcome = 'passed' | 'failed' | 'empty' | 'crashed' | 'usage';

export function outcomeOf(exitCode: number | null): PytestOutcome {
  switch (exitCode) {
    case 0:
      return 'passed';
    case 1:
    case 2:
      return 'failed';
    case 4:
      return 'usage';
    case 5:
      return 'empty';
    default:
      return 'crashed';
  }
}
