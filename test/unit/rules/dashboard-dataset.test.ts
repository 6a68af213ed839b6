import { describe, expect, it } from 'vitest';
import { dashboardDataset } from '../../../src/core/rules/dashboard-dataset.js';
import { check } from '../../helpers/rule-context.js';

const filePath = 'resources.dashboards.sales.file_path';

function dashboard(datasetName: string, fieldName: string): string {
  const json = {
    datasets: [{ name: 'ds_sales', displayName: 'Sales', queryLines: ['SELECT day, amount\n', 'FROM main.sales.orders'] }],
    pages: [
      {
        name: 'overview',
        layout: [
          {
            widget: {
              name: 'daily',
              queries: [{ name: 'main_query', query: { datasetName, fields: [{ name: 'day', expression: '`day`' }, { name: 'sum(amount)', expression: 'SUM(`amount`)' }] } }],
              spec: { version: 3, widgetType: 'bar', encodings: { x: { fieldName: 'day' }, y: { fieldName } } },
            },
          },
        ],
      },
    ],
  };
  return JSON.stringify(json, null, 2);
}

function fixture(text: string) {
  return {
    config: { resources: { dashboards: { sales: { display_name: 'Sales' } } } },
    localPaths: { [filePath]: ['../src/sales.lvdash.json', 'src/sales.lvdash.json'] as [string, string] },
    locations: { [filePath]: 'resources/sales.yml:5:18' },
    bundleFiles: { 'src/sales.lvdash.json': text },
  };
}

describe('dashboard-dataset', () => {
  it('accepts a dashboard whose widgets name its datasets and fields', async () => {
    expect(await check(dashboardDataset, fixture(dashboard('ds_sales', 'sum(amount)')))).toEqual([]);
  });

  it('reports a widget that names no dataset, inside the .lvdash.json file', async () => {
    const text = dashboard('ds_revenue', 'sum(amount)');
    const problems = await check(dashboardDataset, fixture(text));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toBe('widget daily of dashboard sales uses dataset "ds_revenue", which the dashboard does not define');
    const line = text.split('\n').findIndex((l) => l.includes('"datasetName": "ds_revenue"')) + 1;
    expect(problems[0]?.location).toMatchObject({ file: 'src/sales.lvdash.json', line });
    expect(problems[0]?.hint).toBe('datasets: ds_sales');
  });

  it('reports an encoding whose field the query does not select', async () => {
    const problems = await check(dashboardDataset, fixture(dashboard('ds_sales', 'total')));
    expect(problems.map((p) => p.message)).toEqual(['widget daily of dashboard sales shows field "total", which its query does not select']);
  });

  it('reports invalid JSON with the line and column of the mistake', async () => {
    const problems = await check(dashboardDataset, fixture('{\n  "datasets": [],\n  "pages": [,]\n}\n'));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/^dashboard sales is not valid JSON: /);
    expect(problems[0]?.location).toEqual({ file: 'src/sales.lvdash.json', line: 3, column: 13 });
  });

  it('checks an inline serialized_dashboard at its YAML field', async () => {
    const problems = await check(dashboardDataset, {
      config: { resources: { dashboards: { inline: { serialized_dashboard: '{"pages": [' } } } },
      locations: { 'resources.dashboards.inline.serialized_dashboard': 'databricks.yml:12:29' },
    });
    expect(problems.map((p) => p.location)).toEqual([{ file: 'databricks.yml', line: 12, column: 29 }]);
  });
});
