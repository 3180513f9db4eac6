import { describe, expect, it } from 'vitest';
import { openBrowser, screenshot } from '../helpers/browser';
import { startServe } from '../helpers/cli';
import { startTarget } from '../helpers/http-target';
import { tempDir, writeFile } from '../helpers/temp-dir';

describe('live monitoring in the web console (zervigo serve in Chromium)', () => {
  it('shows a service go from up to down when its server stops, with the reason, on the overview and its page', async () => {
    const target = await startTarget({
      '/health': (_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"UP"}'),
    });
    const dir = tempDir();
    writeFile(
      dir,
      'zervigo.yaml',
      `version: 1
name: live
machine: { every: 1s }
services:
  api:
    description: Public API
    probes:
      - http: ${target.url}/health
        every: 300ms
        timeout: 250ms
        retries: 1
        retry_every: 200ms
        expect: { body_json: { status: UP } }
`,
    );
    const serve = await startServe(['--port', '0', '--data-dir', tempDir()], { cwd: dir });
    const browser = await openBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(serve.loginLink);

    const card = page.getByTestId('service-card-api');
    await card.and(page.locator('[data-status="up"]')).waitFor({ timeout: 10_000 });
    // The latency comes with the probe's own update, which may land a moment after the status.
    await page
      .getByTestId('service-latency-api')
      .filter({ hasText: /\d+(\.\d+)? ms/ })
      .waitFor({ timeout: 5_000 });
    await page.getByTestId('machine-cpu').waitFor();
    await expect(page.getByTestId('machine-memory').textContent()).resolves.toMatch(/\d+\.\d %/);
    await screenshot(page, 'e2e-monitoring-up');

    await target.close();
    await card.and(page.locator('[data-status="down"]')).waitFor({ timeout: 10_000 });
    await expect(card.textContent()).resolves.toContain('connection refused');
    await screenshot(page, 'e2e-monitoring-down');

    await card.click();
    await page.getByTestId('service-page-api').waitFor();
    // The outage is one event, ongoing, with its reason; the probe's own row is under Probes.
    const outage = page.locator('[data-testid="timeline-entry"][data-kind="outage"]').first();
    await outage.waitFor({ timeout: 10_000 });
    await expect(outage.textContent()).resolves.toMatch(/Down \(ongoing\).*connection refused/s);
    await page.getByTestId('chart-latency').locator('canvas').waitFor();
    await screenshot(page, 'e2e-monitoring-service');
    await page.getByRole('tab', { name: /Probes/ }).click();
    await page.getByTestId('probe-row-api/http#0').and(page.locator('[data-status="down"]')).waitFor();
  });
});
