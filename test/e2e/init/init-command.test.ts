import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BLUEPRINT_TEMPLATES } from '../../../src/blueprint/files.generated.js';
import { BINARY, cleanEnv, dataops, runAsync } from '../../helpers/binary.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'dataops-init-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`]))
    .sort();
}

describe('dataops init (the built binary)', () => {
  it('creates the blueprint in a new directory without asking, and says what to run next', () => {
    const run = dataops(['init', 'Sales Analytics'], { cwd: work });
    expect(run.code, run.stderr).toBe(0);
    const project = path.join(work, 'Sales Analytics');
    expect(filesUnder(project)).toEqual([...Object.keys(BLUEPRINT_TEMPLATES), 'dataops.yml'].sort());
    expect(readFileSync(path.join(project, 'databricks.yml'), 'utf8')).toContain('bundle:\n  name: sales_analytics\n');
    expect(readFileSync(path.join(project, 'resources/jobs.yml'), 'utf8')).toContain('node_type_id: Standard_DS3_v2');
    expect(run.stderr).toContain('Created the Databricks project sales_analytics (azure) in Sales Analytics:');
    expect(run.stderr).toContain('  + .github/workflows/production.yml');
    expect(run.stderr).toMatch(/Next:\n {2}cd 'Sales Analytics' && (git init -b main && )?dataops validate\n {2}task db-deploy:sandbox\n {2}task test:integration/);
    expect(run.stdout).toBe('');
  });

  it('never overwrites an existing file without --force, and then overwrites only blueprint files', () => {
    const project = path.join(work, 'existing');
    mkdirSync(project);
    writeFileSync(path.join(project, 'databricks.yml'), 'bundle: {name: mine}\n');
    writeFileSync(path.join(project, 'notes.md'), 'keep me\n');

    const refused = dataops(['init', 'existing', '--name', 'shop'], { cwd: work });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('existing already has a file of the blueprint (databricks.yml); nothing was written');
    expect(refused.stderr).toContain('--force');
    expect(filesUnder(project)).toEqual(['databricks.yml', 'notes.md']);

    const forced = dataops(['init', 'existing', '--name', 'shop', '--cloud', 'gcp', '--force', '--json'], { cwd: work });
    expect(forced.code, forced.stderr).toBe(0);
    const result = JSON.parse(forced.stdout) as { bundle: string; cloud: string; files: Array<{ path: string; action: string }>; next: string[] };
    expect(result.bundle).toBe('shop');
    expect(result.cloud).toBe('gcp');
    expect(result.files.filter((f) => f.action === 'overwrite').map((f) => f.path)).toEqual(['databricks.yml']);
    expect(result.next).toHaveLength(3);
    expect(readFileSync(path.join(project, 'databricks.yml'), 'utf8')).toContain('name: shop');
    expect(readFileSync(path.join(project, 'notes.md'), 'utf8')).toBe('keep me\n');
  });

  it('asks for the name and the cloud on a terminal, taking the answers typed', async () => {
    // python's pty gives dataops a terminal and types the answers into it.
    const spawnInPty = 'import pty, sys; sys.exit(pty.spawn(sys.argv[1:]) >> 8)';
    const run = await runAsync('python3', ['-c', spawnInPty, BINARY, 'init', 'asked'], { cwd: work, env: cleanEnv(process.env), input: 'kpi_board\ngcp\n', timeoutMs: 60_000 });
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain('Bundle name [asked]: ');
    expect(run.stdout).toContain('Cloud (aws, azure, gcp) [azure]: ');
    expect(readFileSync(path.join(work, 'asked', 'databricks.yml'), 'utf8')).toContain('  name: kpi_board\n');
    expect(readFileSync(path.join(work, 'asked', 'resources/jobs.yml'), 'utf8')).toContain('node_type_id: n2-standard-4');
  });

  it('rejects a bundle name that would break names and paths (exit 2)', () => {
    const run = dataops(['init', 'bad', '--name', 'my bundle'], { cwd: work });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"my bundle" is not a usable bundle name');
    expect(run.stderr).toContain('e.g. --name my_bundle');
  });
});
