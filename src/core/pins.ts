/**
 * Every version the blueprint pins, in one place: its workflows must say exactly these
 * (a test reads them), and `dataops doctor` must accept the CLI among them.
 */
const DATABRICKS_CLI = '1.12.1';

export const BLUEPRINT_PINS = {
  /** `databricks/setup-cli@v<version>` installs this Databricks CLI. */
  databricksCli: DATABRICKS_CLI,
  /** `python-version` of actions/setup-python. */
  python: '3.12',
  /** Every action the workflows use, at its exact tag. */
  actions: {
    'actions/checkout': 'v7.0.1',
    'actions/setup-python': 'v7.0.0',
    'actions/download-artifact': 'v7.0.0',
    'actions/upload-artifact': 'v7.0.0',
    'databricks/setup-cli': `v${DATABRICKS_CLI}`,
    'github/codeql-action/upload-sarif': 'v4.36.2',
    'googleapis/release-please-action': 'v5.0.0',
  },
} as const;

/** The workflows install the dataops release that ran `dataops init` (the version input of its action, the __DATAOPS_RELEASE__ token). */
export const DATAOPS_PIN_TOKEN = '__DATAOPS_RELEASE__';
