import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openBrowser, screenshot } from '../helpers/browser';
import { startServe } from '../helpers/cli';
import { freePort } from '../helpers/free-port';
import { tempDir, writeFile } from '../helpers/temp-dir';

/**
 * A real service that answers its health check in 200 ms against a 250 ms timeout and listens on a
 * second port no probe checks: the Insights page shows both pieces of advice with their numbers and
 * chart; Apply shows the diff in a modal and saves a new version; Dismiss hides the other for good.
 */
describe('advice on the Insights page (zervigo serve in Chromium)', () => {
  it('shows advice with its evidence chart, applies one through the diff dialog, dismisses the other', async () => {
    const [port, debugPort] = [await freePort(), await freePort()];
    const dir = tempDir();
    const server = `const http = require('node:http'); const net = require('node:net');
http.createServer((q, r) => setTimeout(() => r.end('ok'), 200)).listen(${port}, '127.0.0.1');
net.createServer(() => {}).listen(${debugPort}, '127.0.0.1');`;
    writeFile(dir, 'server.js', server);
    const workspace = writeFile(
      dir,
      'zervigo.yaml',
      `version: 1
name: advice
machine: false
analysis:
  advice_every: 2s
services:
  api:
    start: node server.js
    probes:
      - { http: "http://127.0.0.1:${port}/health", every: 300ms, timeout: 250ms }
`,
    );
    const serve = await startServe(['--port', '0', '--data-dir', tempDir()], { cwd: dir });
    const browser = await openBrowser();
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(serve.loginLink);
    await page.goto(`${serve.url}/#/insights`);
    const timeout = page.locator('[data-advice-id="probe-timeout:api/http#0"]');
    const unprobed = page.locator(`[data-advice-id="unprobed-port:api:${debugPort}"]`);
    await timeout.waitFor({ timeout: 30_000 });
    await unprobed.waitFor({ timeout: 10_000 });
    await expect(timeout.getByTestId('advice-facts').textContent()).resolves.toMatch(/p90 2\d\d ms.*timeout 250ms/);
    await timeout.getByTestId('advice-chart').locator('canvas').waitFor();
    await screenshot(page, 'e2e-advice-1366');
    await page.setViewportSize({ width: 375, height: 812 });
    await timeout.waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'e2e-advice-375');
    await page.setViewportSize({ width: 1366, height: 900 });

    await timeout.getByRole('button', { name: 'Apply…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('timeout: 1s').first().waitFor({ timeout: 10_000 });
    await screenshot(page, 'e2e-advice-apply-diff');
    await dialog.getByRole('button', { name: /^Save/ }).click();
    await timeout.waitFor({ state: 'detached', timeout: 15_000 });
    expect(fs.readFileSync(workspace, 'utf8')).toContain('timeout: 1s');

    await unprobed.getByRole('button', { name: 'Dismiss' }).click();
    await unprobed.waitFor({ state: 'detached', timeout: 10_000 });
    await browser.close();
  }, 90_000);
});
