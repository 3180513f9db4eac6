import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openBrowser } from '../helpers/browser';
import { runCliAsync, startServe } from '../helpers/cli';
import { startTarget } from '../helpers/http-target';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { horizontalOffenders, screenshotFolder, settled } from './layout-fit';

/**
 * Samples without an anomaly score are told on the Insights page: a real /metrics endpoint on
 * 127.0.0.1 sends NaN and +Inf (the store cannot keep them), and a selected series is still
 * learning. The notices name the series (long selectors) and must fit a desktop and a phone;
 * `zervigo insights` prints the same sentence. Filtered by a service (the page's service filter,
 * `--service`), a notice counts and names only that service's series.
 */
describe('notices of samples without a score on the Insights page (zervigo serve in Chromium)', () => {
  it('names the series that sent NaN or infinities and the one still learning, fitting 1440 and 375 px', async () => {
    const target = await startTarget({
      '/metrics': (_request, response) =>
        response
          .writeHead(200, { 'content-type': 'text/plain' })
          .end(
            'checkout_queue_depth{queue="payment-confirmations",region="eu-west-1"} NaN\ncheckout_queue_depth{queue="refunds",region="eu-west-1"} 4\ntemperature_celsius +Inf\n',
          ),
      '/billing': (_request, response) => response.writeHead(200, { 'content-type': 'text/plain' }).end('checkout_queue_depth{queue="invoices"} NaN\n'),
    });
    const dataDir = tempDir();
    const dir = tempDir();
    writeFile(
      dir,
      'zervigo.yaml',
      `version: 1
name: notices
machine: false
services:
  checkout-api:
    probes:
      - prometheus: ${target.url}/metrics
        every: 200ms
        timeout: 150ms
  billing-worker:
    probes:
      - prometheus: ${target.url}/billing
        every: 200ms
        timeout: 150ms
analysis:
  anomalies:
    select: ['checkout_queue_depth']
  forecasts: []
`,
    );
    const serve = await startServe(['--port', '0', '--data-dir', dataDir], { cwd: dir });
    const browser = await openBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(serve.loginLink);
      await page.goto(`${serve.url}/#/insights`);
      const notices = page.getByTestId('insights-notice');
      await notices.filter({ hasText: 'sent NaN or infinite values' }).waitFor({ timeout: 40_000 });
      await notices.filter({ hasText: 'no anomaly score yet' }).waitFor({ timeout: 20_000 });
      const nanNotice = notices.filter({ hasText: 'sent NaN or infinite values' });
      // Both services' series, once each has been scraped.
      await expect.poll(async () => (await nanNotice.textContent()) ?? '', { timeout: 20_000 }).toMatch(/^3 series sent NaN/);
      const nonFinite = (await nanNotice.textContent()) ?? '';
      expect(nonFinite).toMatch(
        /^3 series sent NaN or infinite values \(\d[\d,]* samples? (just now|in the last [\dms]+)\), not stored and not scored — first /,
      );
      for (const named of ['queue="payment-confirmations"', 'temperature_celsius{', 'queue="invoices"']) expect(nonFinite).toContain(named);
      const learning = (await notices.filter({ hasText: 'no anomaly score yet' }).textContent()) ?? '';
      expect(learning).toMatch(/^1 selected series has no anomaly score yet: .* — checkout_queue_depth\{.*queue="refunds".*\} \(\d+ of 100 samples\)$/);
      // The CLI prints the same sentences as notes.
      const cli = await runCliAsync(['insights', '--url', serve.url, '--data-dir', dataDir]);
      expect(cli.stdout).toContain('note: 3 series sent NaN or infinite values (');

      // Filtered by checkout-api: its two series counted and named, billing-worker's left out.
      await page.getByRole('combobox', { name: 'Service', exact: true }).click();
      await page.getByRole('option', { name: 'checkout-api', exact: true }).click();
      await expect.poll(async () => (await nanNotice.textContent()) ?? '', { timeout: 10_000 }).toMatch(/^2 series sent NaN/);
      const checkout = (await nanNotice.textContent()) ?? '';
      for (const named of ['queue="payment-confirmations"', 'temperature_celsius{']) expect(checkout).toContain(named);
      expect(checkout).not.toContain('invoices');
      // billing-worker's: its one series, and no learning notice (none of its series is finite and selected).
      await page.getByRole('combobox', { name: 'Service', exact: true }).click();
      await page.getByRole('option', { name: 'billing-worker', exact: true }).click();
      await expect
        .poll(async () => (await nanNotice.textContent()) ?? '', { timeout: 10_000 })
        .toMatch(/^1 series sent NaN.* — checkout_queue_depth\{.*queue="invoices".*\}$/);
      expect(await notices.filter({ hasText: 'no anomaly score yet' }).count()).toBe(0);
      // Nothing found for one service says so, without the setup example (analysis is set up; one service was picked).
      await expect.poll(() => page.getByTestId('insights-empty').textContent(), { timeout: 10_000 }).toContain('Nothing unusual for billing-worker');
      expect(await page.getByTestId('insights-empty').textContent()).not.toContain('select:');
      // `zervigo insights --service` prints the service's own sentence.
      const filtered = await runCliAsync(['insights', '--service', 'billing-worker', '--url', serve.url, '--data-dir', dataDir]);
      expect(filtered.stdout).toMatch(/^note: 1 series sent NaN or infinite values \(.* — checkout_queue_depth\{.*queue="invoices".*\}$/m);
      expect(filtered.stdout).not.toContain('payment-confirmations');
      const folder = screenshotFolder();
      for (const width of [1440, 375]) {
        await page.setViewportSize({ width, height: 900 });
        await settled(page);
        expect(await horizontalOffenders(page), `nothing sticks out sideways at ${width} px`).toEqual([]);
        // A selector is one long word: its text must wrap inside the notice, not run past it.
        const overflowing = await notices.evaluateAll((elements) => elements.filter((element) => element.scrollWidth > element.clientWidth + 1).length);
        expect(overflowing, `notices whose text runs past their edge at ${width} px`).toBe(0);
        if (folder !== null) await page.screenshot({ path: path.join(folder, `insights-notices-${width}.png`), fullPage: true, animations: 'disabled' });
      }
    } finally {
      await browser.close();
    }
  }, 120_000);
});
