import fs from 'node:fs';
import { parse } from 'yaml';
import type { Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dashboardLinkPath } from '../../src/shared/dashboards/dashboard-link';
import { openBrowser, screenshot } from '../helpers/browser';
import { startServe } from '../helpers/cli';
import { startTarget } from '../helpers/http-target';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { pageOverflow } from './layout-fit';

describe('Dashboards (zervigo serve in Chromium)', () => {
  it('builds a dashboard with two panels and a $service variable, saves it into the workspace file, reloads and sees it; a failing panel says why while the others render', async () => {
    const target = await startTarget({ '/health': (_request, response) => response.writeHead(200).end('ok') });
    const dir = tempDir();
    const workspacePath = writeFile(
      dir,
      'zervigo.yaml',
      `version: 1
name: boards
machine: false
services:
  api:
    probes:
      - http: ${target.url}/health
        every: 200ms
  db:
    probes:
      - http: ${target.url}/health
        every: 200ms
`,
    );
    const serve = await startServe(['--port', '0', '--data-dir', tempDir()], { cwd: dir });
    const browser = await openBrowser();
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(serve.loginLink);
    await page.getByRole('link', { name: 'Dashboards' }).first().click();
    await page.getByTestId('dashboards-empty').waitFor();
    await page.getByTestId('dashboards-new').click();

    // Title and a variable, then two panels through the editor.
    await page.getByTestId('dashboard-title').fill('Shop health');
    await page.getByTestId('dashboard-variables').fill('service');
    await page.getByTestId('dashboard-variables').blur();
    const addPanel = async (kind: string, title: string, query: string): Promise<void> => {
      await page.getByTestId('dashboard-add-panel').click();
      const editor = page.getByTestId('panel-editor');
      await editor.getByTestId('panel-kind').click();
      await page.getByRole('option', { name: kind, exact: true }).click();
      await editor.getByTestId('panel-title-input').fill(title);
      await editor.getByTestId('panel-query').fill(query);
      await editor.getByTestId('panel-save').click();
      await editor.waitFor({ state: 'detached' });
    };
    await addPanel('Time series', 'Latency', 'probe_duration_seconds{service="$service"}');
    await addPanel('Stat', 'Up', 'probe_success{service=~"$service"}');
    await expect(page.getByTestId('dashboard-panel').count()).resolves.toBe(2);
    // The picker offers the services' names; the first is picked and substituted into both queries.
    await expect.poll(() => page.getByTestId('variable-service').inputValue(), { timeout: 10_000 }).toBe('api');
    await page.getByTestId('panel-chart').locator('canvas').waitFor({ timeout: 10_000 });
    await expect(page.getByTestId('panel-chart').locator('.u-legend').textContent()).resolves.toContain('service="api"');

    await page.getByTestId('dashboard-save').click();
    const save = page.getByTestId('save-dialog');
    await expect(save.getByTestId('workspace-diff').textContent()).resolves.toContain('+dashboards:');
    await save.getByTestId('save-dialog-save').click();
    await save.waitFor({ state: 'detached' });
    const written = parse(fs.readFileSync(workspacePath, 'utf8')) as {
      dashboards: Record<string, { title: string; panels: { kind: string; query: string }[] }>;
    };
    expect(written.dashboards['shop-health']?.title).toBe('Shop health');
    expect(written.dashboards['shop-health']?.panels.map((panel) => panel.kind)).toEqual(['timeseries', 'stat']);
    // The query keeps $service: the console fills it in, the file keeps the template.
    expect(written.dashboards['shop-health']?.panels[0]?.query).toBe('probe_duration_seconds{service="$service"}');
    await page.waitForURL(/#\/dashboards\/shop-health$/);

    // A reload reads it back from the workspace: both panels, a chart and a value.
    const metricRequests: { name: string; queries: number }[] = [];
    const recordMetricRequest = (request: Request): void => {
      const name = /\/rpc\/(metrics\.(?:query|instant|queryBatch))$/.exec(new URL(request.url()).pathname)?.[1];
      const body = request.postDataJSON() as { queries?: unknown[] } | null;
      if (name !== undefined) metricRequests.push({ name, queries: body?.queries?.length ?? 1 });
    };
    page.on('request', recordMetricRequest);
    await page.reload();
    await page.getByTestId('dashboard-panel').first().waitFor({ timeout: 10_000 });
    await expect(page.getByTestId('panel-title').allTextContents()).resolves.toEqual(['Latency', 'Up']);
    await page.getByTestId('panel-chart').locator('canvas').waitFor({ timeout: 10_000 });
    await expect(page.getByTestId('panel-stat-value').first().textContent()).resolves.toBe('1');
    // Both panels' queries went to the engine together (a render's queries leave in batches of at most
    // PANELS_PER_BATCH, 4): one queryBatch of both each time they ran, never a metrics.query or .instant.
    page.off('request', recordMetricRequest);
    expect(metricRequests.length).toBeGreaterThan(0);
    for (const request of metricRequests) expect(request).toEqual({ name: 'metrics.queryBatch', queries: 2 });
    // Another value of the variable runs the queries again.
    await page.getByTestId('variable-service').click();
    await page.getByRole('option', { name: 'db', exact: true }).click();
    await expect.poll(() => page.getByTestId('panel-chart').locator('.u-legend').textContent(), { timeout: 10_000 }).toContain('service="db"');
    await screenshot(page, 'e2e-dashboard-1440');
    await page.goto(`${serve.url}/#/dashboards`);
    await page.getByTestId('dashboard-link').filter({ hasText: 'Shop health' }).waitFor();

    // A dashboard from a link (as zervigo dashboard --config prints): one panel's query fails, it says why; the rest render.
    const link = dashboardLinkPath({
      dashboard: {
        title: 'Mixed',
        panels: [
          { kind: 'stat', title: 'Broken', query: 'sum(probe_success', w: 8, h: 4 },
          { kind: 'table', title: 'Probes', query: 'probe_success', x: 8, w: 16, h: 6 },
          { kind: 'services', title: 'Services', x: 0, y: 6, w: 12, h: 5 },
        ],
      },
    });
    await page.goto(`${serve.url}/#${link}`);
    await page.getByTestId('panel-error').waitFor({ timeout: 10_000 });
    await expect(page.getByTestId('panel-error').textContent()).resolves.toMatch(/query failed/i);
    await page.getByTestId('panel-table').waitFor({ timeout: 10_000 });
    await expect(page.getByTestId('panel-table').textContent()).resolves.toContain('service="api"');
    await expect(page.getByTestId('panel-services').textContent()).resolves.toContain('db');

    // A multi-value variable: its picker keeps several values, and the query matches them as a|b.
    const multi = dashboardLinkPath({
      dashboard: {
        title: 'Several',
        variables: [{ name: 'service', multi: true }],
        panels: [{ kind: 'table', title: 'Picked', query: 'probe_success{service=~"$service"}', w: 16, h: 6 }],
      },
    });
    await page.goto(`${serve.url}/#${multi}`);
    const table = page.getByTestId('panel-table');
    await expect.poll(() => table.textContent(), { timeout: 10_000 }).toContain('service="api"');
    expect(await table.textContent()).not.toContain('service="db"');
    await page.getByTestId('variable-service').click();
    await page.getByRole('option', { name: 'db', exact: true }).click();
    await page.keyboard.press('Escape');
    await expect.poll(() => table.textContent(), { timeout: 10_000 }).toContain('service="db"');
    expect(await table.textContent()).toContain('service="api"');
    await screenshot(page, 'e2e-dashboard-multi-1440');

    // On a phone the panels stack and nothing scrolls sideways.
    await page.goto(`${serve.url}/#/dashboards/shop-health`);
    await page.setViewportSize({ width: 375, height: 812 });
    await page.getByTestId('panel-chart').locator('canvas').waitFor({ timeout: 10_000 });
    await screenshot(page, 'e2e-dashboard-375');
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
    await target.close();
  });
});
