// The generated bundle the validate and compare benchmarks run on, sized by its number of jobs.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const JOBS_PER_FILE = 10;
const SQL_FILES = 40;
const PIPELINES = 20;
const DASHBOARDS = 10;

function write(root, file, text) {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

/**
 * Writes the benchmark bundle into `root`: `jobs` jobs (ten per file, three tasks each, a schedule, a
 * job cluster, a parameter), 20 pipelines, 10 dashboards, 60 SQL files and three targets (dev,
 * staging, prod). Returns what it wrote.
 */
export function generateBundle(root, jobs = 1000) {
  const FILES = Math.ceil(jobs / JOBS_PER_FILE);
  write(root, 'databricks.yml', `bundle:
  name: bench
include:
  - resources/*.yml
variables:
  catalog:
    default: main
  warehouse_id:
    default: 8ec9edc1db0c40df
targets:
  dev:
    mode: development
    default: true
    workspace:
      root_path: /Workspace/Users/\${workspace.current_user.userName}/.bundle/\${bundle.name}/\${bundle.git.branch}
    presets:
      name_prefix: "[dev \${workspace.current_user.short_name} \${bundle.git.branch}] "
  staging:
    workspace:
      root_path: /Workspace/Shared/.bundle/\${bundle.name}/staging
    variables:
      catalog: staging
  prod:
    mode: production
    workspace:
      root_path: /Workspace/Shared/.bundle/\${bundle.name}/prod
    run_as:
      service_principal_name: 6f1c1d2e-0000-4000-8000-1234567890ab
    variables:
      catalog: prod
`);
  write(root, 'src/ingest.py', '# Databricks notebook source\nprint("ingest")\n');
  write(root, 'src/transform.py', 'print("transform")\n');
  for (let q = 0; q < SQL_FILES; q++) {
    write(root, `src/queries/q${q}.sql`, `-- query ${q}\nSELECT order_date, region, SUM(amount) AS total_${q}\nFROM \${catalog}.sales.orders\nWHERE order_date >= :start_date AND region <> '{{excluded}}'\nGROUP BY order_date, region\nORDER BY order_date;\n`);
  }
  for (let f = 0; f < FILES; f++) {
    let yaml = 'resources:\n  jobs:\n';
    for (let j = 0; j < JOBS_PER_FILE; j++) {
      const n = f * JOBS_PER_FILE + j;
      yaml += `    job_${n}:
      name: job-\${bundle.target}-${n}
      email_notifications:
        on_failure: [data-team@example.com]
      schedule:
        quartz_cron_expression: "0 ${n % 60} ${n % 24} ? * MON-FRI"
        timezone_id: Europe/Berlin
      job_clusters:
        - job_cluster_key: main
          new_cluster:
            spark_version: 15.4.x-scala2.12
            node_type_id: i3.xlarge
            num_workers: 2
      parameters:
        - name: catalog
          default: \${var.catalog}
      tasks:
        - task_key: ingest
          job_cluster_key: main
          notebook_task:
            notebook_path: ../src/ingest.py
        - task_key: transform
          depends_on: [{ task_key: ingest }]
          job_cluster_key: main
          spark_python_task:
            python_file: ../src/transform.py
        - task_key: report
          depends_on: [{ task_key: transform }]
          sql_task:
            warehouse_id: \${var.warehouse_id}
            file:
              path: ../src/queries/q${n % SQL_FILES}.sql
`;
    }
    write(root, `resources/jobs_${String(f).padStart(3, '0')}.yml`, yaml);
  }
  let pipelines = 'resources:\n  pipelines:\n';
  for (let p = 0; p < PIPELINES; p++) {
    write(root, `src/pipelines/p${p}.sql`, `CREATE OR REFRESH STREAMING TABLE raw_${p} AS SELECT * FROM STREAM read_files('/Volumes/main/raw/p${p}', format => 'json');\nCREATE OR REFRESH MATERIALIZED VIEW daily_${p} AS SELECT date(ts) AS day, count(*) AS n FROM raw_${p} GROUP BY ALL;\n`);
    pipelines += `    pipeline_${p}:\n      name: pipeline-\${bundle.target}-${p}\n      catalog: \${var.catalog}\n      schema: sales\n      serverless: true\n      libraries:\n        - file:\n            path: ../src/pipelines/p${p}.sql\n`;
  }
  write(root, 'resources/pipelines.yml', pipelines);
  let dashboards = 'resources:\n  dashboards:\n';
  for (let d = 0; d < DASHBOARDS; d++) {
    const json = {
      datasets: [{ name: `ds${d}`, displayName: 'Sales', queryLines: ['SELECT order_date, SUM(amount) AS total\n', 'FROM main.sales.orders\n', 'GROUP BY order_date'] }],
      pages: [{ name: 'overview', displayName: 'Overview', layout: [{ widget: { name: 'daily', queries: [{ name: 'main_query', query: { datasetName: `ds${d}`, fields: [{ name: 'order_date', expression: '`order_date`' }, { name: 'total', expression: '`total`' }], disaggregated: true } }], spec: { version: 3, widgetType: 'line', encodings: { x: { fieldName: 'order_date' }, y: { fieldName: 'total' } } } }, position: { x: 0, y: 0, width: 6, height: 6 } }] }],
    };
    write(root, `src/dashboards/sales_${d}.lvdash.json`, JSON.stringify(json, null, 2));
    dashboards += `    sales_${d}:\n      display_name: Sales \${bundle.target} ${d}\n      file_path: ../src/dashboards/sales_${d}.lvdash.json\n      warehouse_id: \${var.warehouse_id}\n`;
  }
  write(root, 'resources/dashboards.yml', dashboards);
  return { jobs: FILES * JOBS_PER_FILE, files: FILES, pipelines: PIPELINES, dashboards: DASHBOARDS, sqlFiles: SQL_FILES + PIPELINES };
}

/** The environment both dataops and the Databricks CLI resolve the bundle under: a fixed user and git facts. */
export const BUNDLE_ENV = {
  DATAOPS_CURRENT_USER: 'bench@example.com',
  DATAOPS_CURRENT_USER_ID: '1000012345',
  DATAOPS_GIT_BRANCH: 'feature/bench',
  DATAOPS_GIT_COMMIT: '0123456789abcdef0123456789abcdef01234567',
};
