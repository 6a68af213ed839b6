/**
 * What a new project is made of besides the blueprint's templates: its bundle name, its
 * cloud, and the dataops version its workflows install.
 */
import { UsageError } from '../errors.js';

export const CLOUDS = ['aws', 'azure', 'gcp'] as const;
export type Cloud = (typeof CLOUDS)[number];

/** The seed's job cluster (Standard_DS3_v2) is Azure's; the others are their clouds' equivalents. */
export const DEFAULT_CLOUD: Cloud = 'azure';

interface CloudCluster {
  nodeTypeId: string;
  /** The `<cloud>_attributes` block of a cluster spec and its availability setting. */
  attributes: string;
  availability: string;
}

/** A general-purpose 4-core, 14–16 GB node on each cloud, on spot capacity with on-demand fallback. */
const CLUSTERS: Record<Cloud, CloudCluster> = {
  aws: { nodeTypeId: 'm5d.xlarge', attributes: 'aws_attributes', availability: 'SPOT_WITH_FALLBACK' },
  azure: { nodeTypeId: 'Standard_DS3_v2', attributes: 'azure_attributes', availability: 'SPOT_WITH_FALLBACK_AZURE' },
  gcp: { nodeTypeId: 'n2-standard-4', attributes: 'gcp_attributes', availability: 'PREEMPTIBLE_WITH_FALLBACK_GCP' },
};

export interface ProjectValues {
  bundleName: string;
  cloud: Cloud;
  /** The dataops release the workflows install (the version running `init`). */
  dataopsVersion: string;
}

/** A letter first, then letters, digits, `-` or `_`: legal in bundle, file, job and principal names. */
const BUNDLE_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

export function checkBundleName(name: string): string {
  if (!BUNDLE_NAME.test(name)) {
    throw new UsageError(`"${name}" is not a usable bundle name: use a letter first, then letters, digits, - or _`, {
      hint: `e.g. --name ${suggestBundleName(name)}`,
    });
  }
  return name;
}

/** The bundle name a directory suggests: `Sales Analytics` → `sales_analytics`. */
export function suggestBundleName(directoryName: string): string {
  const words = directoryName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '');
  return words || 'databricks_project';
}

export function checkCloud(cloud: string): Cloud {
  const found = CLOUDS.find((c) => c === cloud.toLowerCase());
  if (!found) throw new UsageError(`unknown cloud "${cloud}"`, { hint: `use one of ${CLOUDS.join(', ')}` });
  return found;
}

/** Where dataops' own GitHub Action lives (action.yml at the repository root). */
export const DATAOPS_ACTION_REPOSITORY = 'dataops-platform/dataops';

/** `dataops-platform/dataops@v1` for 1.4.2: the major tag, the version itself pinned through the action's input. */
export function dataopsAction(version: string): string {
  const major = /^v?(\d+)\./.exec(version)?.[1] ?? '0';
  return `${DATAOPS_ACTION_REPOSITORY}@v${major}`;
}

/** The value of every `__TOKEN__` the templates use. */
export function templateTokens(values: ProjectValues): Record<string, string> {
  const cluster = CLUSTERS[values.cloud];
  return {
    BUNDLE_NAME: values.bundleName,
    // Unity Catalog names are safest without `-` (no quoting needed in SQL).
    SCHEMA_NAME: values.bundleName.toLowerCase().replace(/-/g, '_'),
    NODE_TYPE_ID: cluster.nodeTypeId,
    CLOUD_ATTRIBUTES: cluster.attributes,
    AVAILABILITY: cluster.availability,
    DATAOPS_RELEASE: values.dataopsVersion,
    DATAOPS_ACTION: dataopsAction(values.dataopsVersion),
  };
}
