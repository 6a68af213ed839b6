import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectWorkspace, type WorkspaceClient } from '../../../src/adapters/workspace/client.js';
import { collect } from '../../../src/adapters/workspace/paginate.js';
import { ROOT } from '../../helpers/binary.js';
import { BlueprintProject } from './blueprint-project.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = path.join(ROOT, 'reports', 'pages');
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Every page `dataops local` serves, in Debian's Chromium (one launch for all of them), opened
 * from the links the demo prints: `dataops local up`'s address and `dataops deploy --json`'s
 * resource URLs, and a run's run_page_url. Each page loads without console errors, has every
 * link and control reachable with Tab, does not scroll sideways at 1280×800 nor at 375 px,
 * and leaves a screenshot in reports/pages/. The dashboard's charts show the warehouse's values.
 */
describe('the pages of dataops local in a real browser', () => {
  const blueprint = new BlueprintProject();
  const profile = mkdtempSync(path.join(os.tmpdir(), 'dataops-chromium-'));
  let browser: BrowserContext;
  let ws: WorkspaceClient;
  let links: Array<{ name: string; url: string }> = [];

  beforeAll(async () => {
    blueprint.start();
    const deployed = await blueprint.run(['deploy', 'sandbox', '--json']);
    if (deployed.code !== 0) throw new Error(deployed.stderr);
    const resources = (JSON.parse(deployed.stdout) as { resources: Array<{ type: string; url: string | null }> }).resources;
    ws = await connectWorkspace(blueprint.env);
    const [job] = await collect(ws.jobs.list());
    const { run_id } = await ws.jobs.runNow({ job_id: job?.job_id ?? 0 });
    let run = await ws.jobs.getRun(run_id);
    while (run.state.life_cycle_state !== 'TERMINATED') {
      await new Promise((resolve) => setTimeout(resolve, 200));
      run = await ws.jobs.getRun(run_id);
    }
    if (run.state.result_state !== 'SUCCESS') throw new Error(`the blueprint job did not succeed: ${run.state.state_message}`);
    // A hand-made job of the same name, as the demo makes, for the guard's page.
    await ws.jobs.create({ name: job?.settings.name ?? 'duplicate' });
    const warehouse = (await ws.warehouses.list())[0]?.id ?? '';
    links = [
      { name: 'home', url: blueprint.url },
      ...resources.filter((r) => r.url).map((r) => ({ name: r.type.replace(/s$/, ''), url: r.url ?? '' })),
      { name: 'run', url: run.run_page_url },
      { name: 'warehouse', url: `${blueprint.url}/sql/warehouses/${warehouse}` },
      { name: 'guard', url: `${blueprint.url}/guard` },
    ];
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 800 } });
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    blueprint.stop();
    rmSync(profile, { recursive: true, force: true });
  });

  async function open(url: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    const response = await page.goto(url, { waitUntil: 'load' });
    expect(response?.status(), url).toBe(200);
    return { page, errors };
  }

  // Scripts run in the page are strings: this test's types are Node's, not the DOM's.
  const scrollsSideways = (page: Page): Promise<boolean> => page.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth');

  /** Tabs through the page: every link, button and summary gets focus in turn. */
  async function unreachableByTab(page: Page): Promise<string[]> {
    const focusable = await page.evaluate<Array<{ id: string; label: string }>>(`(() => {
      const elements = [...document.querySelectorAll('a[href], button, summary, input, select, textarea, [tabindex]:not([tabindex="-1"])')];
      elements.forEach((element, index) => element.setAttribute('data-tab-id', String(index)));
      return elements.map((element, index) => ({ id: String(index), label: (element.textContent || '').trim().slice(0, 40) || element.tagName }));
    })()`);
    const reached = new Set<string>();
    for (let i = 0; i < focusable.length + 2; i++) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate<string | null>("document.activeElement && document.activeElement.getAttribute('data-tab-id')");
      if (id !== null) reached.add(id);
    }
    return focusable.filter((element) => !reached.has(element.id)).map((element) => element.label);
  }

  it('opens every page the demo links to, each readable, keyboard-reachable and without sideways scrolling', { timeout: 300_000 }, async () => {
    expect(links.map((link) => link.name).sort()).toEqual(['dashboard', 'guard', 'home', 'job', 'pipeline', 'run', 'warehouse']);
    for (const link of links) {
      const { page, errors } = await open(link.url);
      if (link.name === 'dashboard') await page.waitForSelector('figure[data-drawn="true"]');
      expect(await page.locator('h1').count(), link.url).toBe(1);
      expect(await unreachableByTab(page), link.url).toEqual([]);
      expect(await scrollsSideways(page), `${link.url} at 1280 px`).toBe(false);
      await page.screenshot({ path: path.join(SCREENSHOTS, `${link.name}.png`), fullPage: true });
      await page.setViewportSize({ width: 375, height: 800 });
      // The charts follow the window's resize event, as in a browser a person narrows: measure after it ran.
      await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
      expect(await scrollsSideways(page), `${link.url} at 375 px`).toBe(false);
      await page.screenshot({ path: path.join(SCREENSHOTS, `${link.name}-375.png`), fullPage: true });
      expect(errors, link.url).toEqual([]);
      await page.close();
    }
  });

  it('shows what each page names', { timeout: 120_000 }, async () => {
    const text = async (name: string): Promise<string> => {
      const { page } = await open(links.find((link) => link.name === name)?.url ?? '');
      const body = await page.locator('main').innerText();
      await page.close();
      return body;
    };
    expect(await text('home')).toMatch(/Daily Sales Ingestion[\s\S]*Sales Pipeline[\s\S]*Daily Sales[\s\S]*Serverless Starter Warehouse[\s\S]*feature\/daily-sales/);
    expect(await text('job')).toMatch(/Deployed from\s+sales_analytics · target sandbox · branch feature\/daily-sales[\s\S]*SUCCESS/);
    expect(await text('run')).toMatch(/ingest_sales: SUCCESS[\s\S]*refresh_pipeline: SUCCESS[\s\S]*check_daily_sales: SUCCESS/);
    expect(await text('pipeline')).toMatch(/sales_clean\s+has_order_id\s+\d+\s+0/);
    expect(await text('warehouse')).toMatch(/job \d+, run \d+\s+SUCCEEDED/);
    expect(await text('guard')).toMatch(/job: \[dev [^\]]+\] Daily Sales Ingestion[\s\S]*Owned by a bundle\s+yes[\s\S]*Owned by a bundle\s+no/);
  });

  it("draws the dashboard's counters and charts with the values the warehouse returns", { timeout: 120_000 }, async () => {
    const pipeline = (await collect(ws.pipelines.list()))[0];
    const schema = (await ws.pipelines.get(pipeline?.pipeline_id ?? '')).spec.schema ?? '';
    const warehouse = (await ws.warehouses.list())[0]?.id ?? '';
    const query = async (sql: string): Promise<Array<Array<string | null>>> => (await ws.statements.run({ warehouse_id: warehouse, statement: sql })).rows;
    const totals = await query(`SELECT sum(revenue), sum(orders) FROM main.${schema}.daily_sales`);
    const perDay = await query(`SELECT order_date, sum(revenue), sum(orders) FROM main.${schema}.daily_sales WHERE order_date >= date_sub(current_date(), 90) GROUP BY order_date ORDER BY order_date`);
    expect(perDay.length).toBeGreaterThan(30);

    const { page } = await open(links.find((link) => link.name === 'dashboard')?.url ?? '');
    await page.waitForSelector('figure[data-drawn="true"]');
    expect(await page.locator('.counter').allInnerTexts()).toEqual(totals[0]);
    const charts = (await page.locator('figure[data-drawn="true"]').evaluateAll((figures) => figures.map((figure) => figure.getAttribute('data-points') ?? '[]'))).map((points) => JSON.parse(points) as number[][]);
    expect(charts).toEqual([[perDay.map((row) => Number(row[1]))], [perDay.map((row) => Number(row[2]))]]);
    expect(await page.locator('figure[data-drawn="true"] canvas').count()).toBe(2);
    await page.close();
  });
});
