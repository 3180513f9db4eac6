import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openBrowser, screenshot } from '../helpers/browser';
import { startServe } from '../helpers/cli';
import { startTarget } from '../helpers/http-target';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';
import { TOKEN_FILE_NAME } from '../../src/server/auth/api-token';
import { pageOverflow } from './layout-fit';

describe('Explore (zervigo serve in Chromium)', () => {
  it('types a query with completion, runs it with Ctrl+Enter, sees chart and table, turns it into a rule that the Rules page graphs with its threshold', async () => {
    const target = await startTarget({ '/health': (_request, response) => response.writeHead(200).end('ok') });
    const dir = tempDir();
    const workspacePath = writeFile(
      dir,
      'zervigo.yaml',
      `version: 1
name: explore
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
    const dataDir = tempDir();
    const serve = await startServe(['--port', '0', '--data-dir', dataDir], { cwd: dir });
    // Completion offers what the series index holds: wait until both services' probes have written.
    const token = fs.readFileSync(path.join(dataDir, TOKEN_FILE_NAME), 'utf8').trim();
    const partial = 'probe_duration_seconds{service="';
    const completionUrl = `${serve.url}/api/v1/metrics/complete?query=${encodeURIComponent(partial)}&position=${partial.length}`;
    await waitFor(
      async () => {
        const text = await (await fetch(completionUrl, { headers: { authorization: `Bearer ${token}` } })).text();
        return text.includes('"api"') && text.includes('"db"');
      },
      { timeoutMs: 30_000, what: 'the probes of api and db in the series index' },
    );
    const browser = await openBrowser();
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(serve.loginLink);
    // The navigation and the palette reach it.
    await page.getByRole('link', { name: 'Explore' }).first().click();
    await page.getByTestId('explore-empty').waitFor();

    // Completion: the metric name, then its labels' values, from the store's series index.
    const editor = page.getByTestId('explore-query');
    await editor.click();
    await page.keyboard.type('probe_dura');
    const options = page.locator('.cm-tooltip-autocomplete li');
    // Clicked rather than Enter: a keystroke's completion still on its way may close and reopen the list.
    await options.filter({ hasText: 'probe_duration_seconds' }).first().click({ timeout: 10_000 });
    await expect.poll(() => editor.textContent(), { timeout: 10_000 }).toBe('probe_duration_seconds');
    await page.keyboard.type('{service="');
    await options.filter({ hasText: /^api$/ }).waitFor({ timeout: 10_000 });
    await expect(options.filter({ hasText: /^db$/ }).count()).resolves.toBe(1);
    await options.filter({ hasText: /^api$/ }).click();
    await expect(editor.textContent()).resolves.toBe('probe_duration_seconds{service="api"}');

    // A parse error is shown with its place; the URL keeps the query.
    await page.keyboard.press('End');
    await page.keyboard.type(' > (');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('explore-error').waitFor();
    await expect(page.getByTestId('explore-error').textContent()).resolves.toMatch(/ends too early|unexpected/);
    await page.getByTestId('explore-error-place').waitFor();
    for (let i = 0; i < 4; i++) await page.keyboard.press('Backspace');
    await page.keyboard.press('Control+Enter');

    await page.getByTestId('explore-chart').locator('canvas').waitFor({ timeout: 10_000 });
    const table = page.getByTestId('explore-table');
    await table.waitFor();
    await expect(table.textContent()).resolves.toMatch(/probe_duration_seconds\{.*service="api".*\}.*\d+(\.\d+)? ms/s);
    await expect(page.locator('.u-legend').textContent()).resolves.toContain('service="api"');
    const url = new URL(page.url());
    expect(url.hash).toBe('#/explore');
    expect(url.searchParams.get('q')).toBe('probe_duration_seconds{service="api"}');
    expect(url.searchParams.get('range')).toBe('1h');
    await screenshot(page, 'e2e-explore-1366');

    // The link reopens it (a fresh load, on a phone).
    const link = page.url();
    await page.goto(`${serve.url}/#/`);
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(link);
    await page.getByTestId('explore-table').waitFor({ timeout: 10_000 });
    await page.getByTestId('explore-chart').locator('canvas').waitFor();
    await expect(editor.textContent()).resolves.toBe('probe_duration_seconds{service="api"}');
    await screenshot(page, 'e2e-explore-375');
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1366, height: 900 });

    // Turn into a rule: a form, then the diff-first save; the rule is in the file and on the Rules page.
    await editor.click();
    await page.keyboard.press('End');
    await page.keyboard.type(' > 0.5');
    await page.getByTestId('explore-to-rule').click();
    const form = page.getByTestId('rule-from-query');
    await form.getByTestId('rule-name').fill('ApiSlow');
    await expect(form.getByTestId('rule-expr').inputValue()).resolves.toBe('probe_duration_seconds{service="api"} > 0.5');
    await form.getByTestId('rule-propose').click();
    const save = page.getByTestId('save-dialog');
    await expect(save.getByTestId('workspace-diff').textContent()).resolves.toContain('+rules:');
    await screenshot(page, 'e2e-explore-rule-diff');
    await save.getByTestId('save-dialog-save').click();
    await save.waitFor({ state: 'detached' });
    const written = fs.readFileSync(workspacePath, 'utf8');
    expect(written).toContain('alert: ApiSlow');
    expect(written).toContain('expr: probe_duration_seconds{service="api"} > 0.5');
    expect(path.basename(workspacePath)).toBe('zervigo.yaml');

    await page.goto(`${serve.url}/#/rules`);
    const row = page.getByTestId('rule-row-ApiSlow');
    await row.waitFor({ timeout: 10_000 });
    await row.getByTestId('rule-graph').locator('canvas').waitFor({ timeout: 10_000 });
    await expect(row.getByTestId('rule-graph').locator('.u-legend').textContent()).resolves.toContain('threshold 500 ms');
    await screenshot(page, 'e2e-rules-graph-1366');
    await target.close();
  });
});
