import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/errors.js';
import { checkBundleName, checkCloud, suggestBundleName, templateTokens } from '../../../src/core/init/values.js';

describe('project values', () => {
  it('derives a usable bundle name from any directory name', () => {
    expect(suggestBundleName('Sales Analytics')).toBe('sales_analytics');
    expect(suggestBundleName('Ventes-Été 2026')).toBe('ventes-ete_2026');
    expect(suggestBundleName('2026 forecasts')).toBe('forecasts');
    expect(suggestBundleName('***')).toBe('databricks_project');
    for (const name of ['Sales Analytics', 'Ventes-Été 2026', '2026 forecasts', '***']) expect(() => checkBundleName(suggestBundleName(name))).not.toThrow();
  });

  it('refuses a bundle name that would break paths or names, suggesting one that works', () => {
    const error = (() => {
      try {
        checkBundleName('my bundle/1');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).hint).toBe('e.g. --name my_bundle_1');
  });

  it('accepts clouds in any case and names the valid ones otherwise', () => {
    expect(checkCloud('AWS')).toBe('aws');
    expect(() => checkCloud('oracle')).toThrow(/unknown cloud "oracle"/);
  });

  it('sizes the job cluster for each cloud and keeps the schema name free of dashes', () => {
    const tokens = (cloud: 'aws' | 'azure' | 'gcp') => templateTokens({ bundleName: 'sales-kpis', cloud, dataopsVersion: '1.2.3' });
    expect(tokens('aws')).toMatchObject({ NODE_TYPE_ID: 'm5d.xlarge', CLOUD_ATTRIBUTES: 'aws_attributes', SCHEMA_NAME: 'sales_kpis', DATAOPS_RELEASE: '1.2.3', DATAOPS_ACTION: 'dataops-platform/dataops@v1' });
    expect(tokens('azure')).toMatchObject({ NODE_TYPE_ID: 'Standard_DS3_v2', CLOUD_ATTRIBUTES: 'azure_attributes' });
    expect(tokens('gcp')).toMatchObject({ NODE_TYPE_ID: 'n2-standard-4', CLOUD_ATTRIBUTES: 'gcp_attributes' });
  });
});
