import { describe, expect, it } from 'vitest';
import type { AlertmanagerWebhookPayload } from '../../src/core/notify/channels/webhook';
import { openBrowser, screenshot } from '../helpers/browser';
import { startServe } from '../helpers/cli';
import { freePort } from '../helpers/free-port';
import { HttpReceiver } from '../helpers/http-receiver';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

/**
 * An insight routed to a channel like an alert (analysis.notify): a real service answers its health
 * check in 200 ms against a 250 ms timeout, so analysis advises a longer timeout; that advice is
 * raised as an alert named "insight", matched by a route and posted to a real webhook receiver on
 * 127.0.0.1. The console shows the same insight on the Insights page and the alert on the Alerts
 * page; dismissing the advice ends the insight, and the receiver hears the resolution.
 */
describe('insights routed to a channel (zervigo serve in Chromium)', () => {
  it('posts an advice insight to a webhook through routes, shows it in the console, and resolves it when dismissed', async () => {
    const port = await freePort();
    const receiver = await HttpReceiver.start();
    const dir = tempDir();
    writeFile(dir, 'server.js', `require('node:http').createServer((q, r) => setTimeout(() => r.end('ok'), 200)).listen(${port}, '127.0.0.1');`);
    writeFile(
      dir,
      'zervigo.yaml',
      `version: 1
name: insight-routing
machine: false
analysis:
  advice_every: 2s
  notify:
    enabled: true
    anomalies: false
    forecasts_within: 0s
    advice: true
services:
  api:
    start: node server.js
    probes:
      - { http: "http://127.0.0.1:${port}/health", every: 300ms, timeout: 250ms }
routes:
  - match: { alertname: insight, insight_kind: advice }
    notify: [hook]
    group_by: [alertname, insight]
    group_wait: 0s
    group_interval: 1s
channels:
  hook: { webhook: { url: "${receiver.url}/insights" } }
`,
    );
    const serve = await startServe(['--port', '0', '--data-dir', tempDir()], { cwd: dir });
    const payloads = (): AlertmanagerWebhookPayload[] =>
      receiver.requests.filter((request) => request.path === '/insights').map((request) => request.body as AlertmanagerWebhookPayload);

    // The advice arrives at the receiver as a firing alert named "insight", labelled with what it is.
    const firing = await waitFor(() => payloads().find((payload) => payload.status === 'firing'), {
      timeoutMs: 60_000,
      what: 'the advice insight at the webhook',
    });
    expect(firing).toMatchObject({
      receiver: 'hook',
      alerts: [{ status: 'firing', labels: { alertname: 'insight', insight_kind: 'advice', advice: 'probe-timeout', service: 'api', severity: 'info' } }],
    });
    const alert = firing.alerts[0] as AlertmanagerWebhookPayload['alerts'][number];
    const insightId = alert.labels.insight as string;
    expect(insightId).toBe('probe-timeout:api/http#0');
    expect(alert.annotations.summary).toMatch(/^Advice: /);

    const browser = await openBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
      await page.goto(serve.loginLink);

      // The same insight on the Insights page, with its evidence.
      await page.goto(`${serve.url}/#/insights`);
      const advice = page.locator(`[data-advice-id="${insightId}"]`);
      await advice.waitFor({ timeout: 30_000 });
      await expect(advice.getByTestId('advice-facts').textContent()).resolves.toMatch(/timeout 250ms/);
      await screenshot(page, 'e2e-insight-routing-insights');

      // The alert it was routed as, on the Alerts page.
      await page.goto(`${serve.url}/#/alerts`);
      const row = page.getByTestId('alert-row-insight').filter({ hasText: alert.annotations.summary as string });
      await row.waitFor({ timeout: 20_000 });
      await expect(row.getAttribute('data-state')).resolves.toBe('firing');
      await screenshot(page, 'e2e-insight-routing-alerts');

      // Dismissed advice no longer holds: the alert resolves and the receiver is told.
      await page.goto(`${serve.url}/#/insights`);
      await advice.getByRole('button', { name: 'Dismiss' }).click();
      await advice.waitFor({ state: 'detached', timeout: 15_000 });
      const resolved = await waitFor(() => payloads().find((payload) => payload.status === 'resolved'), {
        timeoutMs: 30_000,
        what: 'the resolution at the webhook',
      });
      expect(resolved.alerts[0]?.labels).toMatchObject({ alertname: 'insight', insight: insightId });
    } finally {
      await browser.close();
    }
  }, 150_000);
});
