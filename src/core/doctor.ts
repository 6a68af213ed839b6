import { assessCliVersion, type CliVersionAssessment } from './cli-versions.js';
import type { CredentialSummary } from './credentials.js';

/** A tool dataops relies on, and how a person gets it. */
export interface ToolRequirement {
  name: string;
  command: string;
  versionArgs: string[];
  required: boolean;
  purpose: string;
  install: string;
}

export interface ToolProbe {
  name: string;
  /** First line the tool printed for its version, or null when it is not on PATH. */
  output: string | null;
}

export interface ToolStatus {
  name: string;
  version: string | null;
  found: boolean;
  required: boolean;
  purpose: string;
  install: string | null;
}

export interface DoctorReport {
  dataops: { version: string; node: string; platform: string };
  tools: ToolStatus[];
  credentials: CredentialSummary;
  /** The Databricks CLI's version against the range this dataops knows; null when it is not installed. */
  databricksCli: CliVersionAssessment | null;
  ok: boolean;
}

export const TOOLS: readonly ToolRequirement[] = [
  {
    name: 'databricks',
    command: 'databricks',
    versionArgs: ['--version'],
    required: true,
    purpose: 'deploys bundles',
    install: 'curl -fsSL https://raw.githubusercontent.com/databricks/setup-cli/main/install.sh | sh',
  },
  {
    name: 'git',
    command: 'git',
    versionArgs: ['--version'],
    required: true,
    purpose: 'branch for sandboxes, commits for versions',
    install: 'sudo apt-get install -y git  (macOS: brew install git)',
  },
  {
    name: 'task',
    command: 'task',
    versionArgs: ['--version'],
    required: true,
    purpose: 'runs the project Taskfile',
    install: 'go install github.com/go-task/task/v3/cmd/task@latest  (macOS: brew install go-task)',
  },
  {
    name: 'python',
    command: 'python3',
    versionArgs: ['--version'],
    required: false,
    purpose: 'runs the pytest test layers',
    install: 'sudo apt-get install -y python3 python3-venv  (macOS: brew install python)',
  },
  {
    name: 'act',
    command: 'act',
    versionArgs: ['--version'],
    required: false,
    purpose: 'runs the project workflows locally (task ci:local)',
    install: 'go install github.com/nektos/act@v0.2.89  (macOS: brew install act)',
  },
  {
    // The Python that `dataops local` runs notebooks and Python tasks in (DATAOPS_LOCAL_PYTHON, else python3):
    // with PySpark there, tasks get a local Spark session; without it, a stand-in over the local warehouse.
    name: 'pyspark',
    command: 'python3',
    versionArgs: ['-c', 'import importlib.util as u, sys\nif u.find_spec("pyspark") is None: sys.exit(127)\nimport pyspark; print("pyspark", pyspark.__version__)'],
    required: false,
    purpose: 'a local Spark session for dataops local job tasks (else a stand-in over the local warehouse)',
    install: 'pip install pyspark  (in the Python dataops local runs tasks with: DATAOPS_LOCAL_PYTHON or python3; needs Java 17+)',
  },
];

const VERSION_PATTERN = /v?(\d+\.\d+(?:\.\d+)?(?:-[\w.]+)?(?:\+[\w.]+)?)/;

/** The version number inside a tool's `--version` line (`Databricks CLI v0.270.0` → `0.270.0`). */
export function extractVersion(output: string): string | null {
  return VERSION_PATTERN.exec(output)?.[1] ?? null;
}

export function buildDoctorReport(
  self: DoctorReport['dataops'],
  probes: readonly ToolProbe[],
  credentials: CredentialSummary,
): DoctorReport {
  const tools = TOOLS.map((tool): ToolStatus => {
    const output = probes.find((p) => p.name === tool.name)?.output ?? null;
    const found = output !== null;
    return {
      name: tool.name,
      version: found ? (extractVersion(output) ?? output) : null,
      found,
      required: tool.required,
      purpose: tool.purpose,
      install: found ? null : tool.install,
    };
  });
  const cli = tools.find((t) => t.name === 'databricks');
  const databricksCli = cli?.found ? assessCliVersion(extractVersion(probes.find((p) => p.name === 'databricks')?.output ?? '')) : null;
  const cliOk = databricksCli === null || databricksCli.advice === undefined;
  return { dataops: self, tools, credentials, databricksCli, ok: cliOk && tools.every((t) => t.found || !t.required) };
}
