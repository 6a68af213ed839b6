/**
 * The bundle JSON schema of the Databricks CLI version the project pins (the oracle its tests
 * run), carried inside the binary: `validate` checks the schema with no CLI installed.
 * The file is `databricks bundle schema` of that version (assets/bundle-schema/v<version>.json);
 * scripts/build.mjs makes it the single executable's asset EMBEDDED_SCHEMA_ASSET.
 */
import { readFileSync } from 'node:fs';
import * as sea from 'node:sea';
import { fileURLToPath } from 'node:url';

/** The pinned CLI (scripts/install-test-tools.sh, DATABRICKS_CLI_VERSION). */
export const EMBEDDED_SCHEMA_CLI_VERSION = '1.12.1';
/** Shared with scripts/build.mjs. */
export const EMBEDDED_SCHEMA_ASSET = 'bundle-schema.json';

export function readEmbeddedBundleSchema(): string {
  if (sea.isSea()) return sea.getAsset(EMBEDDED_SCHEMA_ASSET, 'utf8');
  // From the sources (tests, tsx): the file in the repository.
  return readFileSync(fileURLToPath(new URL(`../../assets/bundle-schema/v${EMBEDDED_SCHEMA_CLI_VERSION}.json`, import.meta.url)), 'utf8');
}
