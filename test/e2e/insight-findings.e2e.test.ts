import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openBrowser } from '../helpers/browser';
import { runCli, startServe } from '../helpers/cli';
import { startTarget } from '../helpers/http-target';
import { SHIPPED_PLUGINS_DIR } from '../helpers/shipped-probe-plugin';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { clippedCode, horizontalOffenders, screenshotFolder, settled } from './layout-fit';

/**
 * A finding of an analyser plugin on the Insights page: the shipped slo-burn-rate analyser
 * (installed with the CLI, as an operator does) reads probe_success of a real HTTP probe against
 * a server on 127.0.0.1 that answers 503, and its finding shows as a card with its severity,
 * sentence, evidence series and chart, fitting a desktop and a phone.
 */
describe('a finding of an analyser plugin on the Insights page (zervigo serve in Chromium)', () => {
  it('shows the slo-burn-rate finding with its evidence chart at 1440 and 375 px, nothing sticking out', async () => {
    const target = await startTarget({ '/health': (_request, response) => response.writeHead(503).end('down') });
    const dataDir = tempDir();
    expect(runCli(['plugins', 'install', path.join(SHIPPED_PLUGINS_DIR, 'slo-burn-rate'), '--yes', '--data-dir', dataDir]).status).toBe(0);
    const dir = tempDir();
    writeFile(
      dir,
      'zervigo.yaml',
      `version: 1
name: findings
machine: false
plugins: [slo-burn-rate]
services:
  checkout-api:
    probes:
      - http: { url: "${target.url}/health" }
        every: 200ms
        timeout: 200ms
        retries: 0
analysis:
  anomalies: { enabled: false }
  forecasts: []
  analysers:
    - slo-burn-rate:
        objective: 99.5
        windows:
          - { long: 8s, short: 3s, burn_rate: 4, severity: critical }
      name: checkout-availability
      select: ['probe_success{service="checkout-api"}']
      every: 500ms
      window: 20s
`,
    );
    const serve = await startServe(['--port', '0', '--data-dir', dataDir], { cwd: dir });
    const browser = await openBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(serve.loginLink);
      await page.goto(`${serve.url}/#/insights`);
      const card = page.getByTestId('finding-card').first();
      await card.waitFor({ timeout: 40_000 });
      await expect(card.textContent()).resolves.toMatch(/critical.*checkout-api \(SLO 99\.5%\).*burns its 99\.5% error budget/);
      await card.locator('canvas').first().waitFor({ timeout: 20_000 });
      // The selector is printed above the chart; its legend names the metric only, and the finding goes on.
      const legend = (await card.locator('.u-legend .u-series').nth(1).textContent()) ?? '';
      expect(legend).toContain('probe_success');
      expect(legend).not.toContain('{');
      await expect(card.getByText('ongoing').count()).resolves.toBe(1);
      const folder = screenshotFolder();
      for (const width of [1440, 375]) {
        await page.setViewportSize({ width, height: 900 });
        await settled(page);
        expect(await horizontalOffenders(page), `nothing sticks out sideways at ${width} px`).toEqual([]);
        expect(await clippedCode(page), `no evidence selector cut off at ${width} px`).toEqual([]);
        if (folder !== null) {
          await page.screenshot({ path: path.join(folder, `insights-finding-${width}.png`), fullPage: true, animations: 'disabled' });
          await card.screenshot({ path: path.join(folder, `insights-finding-card-${width}.png`), animations: 'disabled' });
        }
      }
    } finally {
      await browser.close();
    }
  }, 120_000);
});
