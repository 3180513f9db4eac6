import os from 'node:os';
import { describe, expect, it } from 'vitest';
import type { AlertmanagerWebhookPayload } from '../../src/core/notify/channels/webhook';
import { openBrowser, screenshot } from '../helpers/browser';
import { runCli, startServe } from '../helpers/cli';
import { HttpReceiver } from '../helpers/http-receiver';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

const workspace = (hook: string) => `version: 1
name: shop
evaluation_interval: 1s
services:
  api: { description: Public API }
rules:
  - alert: ApiNoData
    expr: absent(probe_success{service="api"})
    labels: { severity: critical, service: api }
    annotations: { summary: "No probe results from api" }
routes:
  - notify: [hook, desktop]
    group_wait: 0s
channels:
  hook: { webhook: { url: "${hook}/alerts" } }
  desktop: { desktop: true }
`;

describe('alerting in the web console (zervigo serve in Chromium)', () => {
  it('shows an alert firing, delivers it to a local receiver, acknowledges and silences it, and toasts a desktop notification', async () => {
    const receiver = await HttpReceiver.start();
    const dir = tempDir();
    writeFile(dir, 'zervigo.yaml', workspace(receiver.url));
    const dataDir = tempDir();
    const serve = await startServe(['--port', '0', '--data-dir', dataDir], { cwd: dir });
    const browser = await openBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(serve.loginLink);
    await page.goto(`${serve.url}/#/alerts`);

    const row = page.getByTestId('alert-row-ApiNoData');
    await row.waitFor();
    await expect(row.getAttribute('data-state')).resolves.toBe('firing');
    await expect(row.getByTestId('alert-state').textContent()).resolves.toBe('firing');
    await expect(page.getByTestId('health-summary').getAttribute('data-level')).resolves.toBe('critical');

    const payload = await waitFor(() => receiver.requests.find((request) => request.path === '/alerts')?.body as AlertmanagerWebhookPayload | undefined, {
      timeoutMs: 10_000,
      what: 'the webhook notification',
    });
    expect(payload).toMatchObject({
      status: 'firing',
      receiver: 'hook',
      alerts: [{ labels: { alertname: 'ApiNoData', service: 'api', severity: 'critical' }, annotations: { summary: 'No probe results from api' } }],
    });

    // The same alert through the REST API.
    const token = runCli(['token', '--data-dir', dataDir]).stdout.trim();
    const api = (await (await fetch(`${serve.url}/api/v1/alerts?state=firing`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      alertname: string;
      state: string;
    }[];
    expect(api.map((alert) => [alert.alertname, alert.state])).toEqual([['ApiNoData', 'firing']]);

    await row.getByTestId('alert-ack').click();
    await page.getByTestId('ack-submit').click();
    // Recorded as the person (no name set: the OS user of the server), never as "browser".
    await waitFor(async () => ((await row.textContent()) ?? '').includes(`${os.userInfo().username},`), { what: 'the acknowledgement in the row' });
    await screenshot(page, 'e2e-alerts');

    await row.getByTestId('alert-history').click();
    await page.getByTestId('alert-timeline').waitFor();
    await expect(page.getByTestId('alert-timeline').textContent()).resolves.toMatch(/acknowledged.*notified.*firing to hook, desktop.*pending → firing/s);
    // From the alert to its service's logs at the moment it became active.
    await expect(page.getByTestId('alert-logs-link').getAttribute('href')).resolves.toMatch(/^#\/logs\?service=api&at=\d+$/);
    await screenshot(page, 'e2e-alert-history');
    await page.keyboard.press('Escape');
    await page.getByTestId('alert-timeline').waitFor({ state: 'hidden' });

    // From the command palette: "silence ApiNoData 1h"; the alert moves to the silenced tab.
    await page.keyboard.press('Control+K');
    await page.getByPlaceholder('Go to a page or a service, silence an alert…').fill('silence apinodata');
    await page.getByText('Silence ApiNoData 1h').click();
    await page.getByText('ApiNoData silenced for 1h').waitFor();
    await page
      .getByTestId('alerts-state-filter')
      .getByText(/^silenced/)
      .click();
    await expect(page.getByTestId('alert-row-ApiNoData').getByTestId('alert-state').textContent()).resolves.toBe('silenced');

    await page.goto(`${serve.url}/#/rules`);
    await page.getByTestId('rule-row-ApiNoData').waitFor();
    await expect(page.getByTestId('rule-row-ApiNoData').textContent()).resolves.toContain('absent(probe_success{service="api"})');

    await page.goto(`${serve.url}/#/settings`);
    await page.getByTestId('channel-test-desktop').click();
    await page.getByText('Zervigo test notification').first().waitFor();
    // The desktop test is over (its row says so) before the next button is pressed, as a person would see it.
    await waitFor(async () => ((await page.getByTestId('channel-row-desktop').textContent()) ?? '').includes('delivered'), {
      timeoutMs: 10_000,
      what: 'the desktop test in its row',
    });
    await page.getByTestId('channel-test-hook').click();
    // Toasts queue behind the four shown, and a pointer resting on the stack pauses their timers.
    await page.mouse.move(0, 0);
    // Whatever the outcome, a toast names it; on a timeout the message says what was on screen.
    const hookToast = page.getByText(/^hook: /);
    await hookToast.waitFor({ timeout: 20_000 }).catch(async (error: Error) => {
      const toasts = await page.locator('.mantine-Notification-root').allTextContents();
      const row = await page.getByTestId('channel-test-hook').locator('xpath=ancestor::tr').textContent();
      throw new Error(
        `${error.message}\ntoasts on screen: ${JSON.stringify(toasts)}\nhook row: ${row ?? ''}\nreceiver saw: ${receiver.requests.map((request) => request.path).join(', ')}`,
      );
    });
    await expect(hookToast.textContent()).resolves.toBe('hook: test delivered');
    // Links in notifications point at this console.
    const test = receiver.requests.at(-1)?.body as AlertmanagerWebhookPayload;
    expect(test).toMatchObject({ externalURL: serve.url, alerts: [{ labels: { alertname: 'ZervigoTest' }, generatorURL: `${serve.url}/#/alerts` }] });
    await screenshot(page, 'e2e-channels');
  }, 60_000);
});
