import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SilenceView } from '../../src/shared/types/alerts';
import { formatAbsoluteTime } from '../../src/renderer/src/format/time';
import { openBrowser } from '../helpers/browser';
import { runCli, startServe } from '../helpers/cli';
import { HttpReceiver } from '../helpers/http-receiver';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';
import { screenshotsAtEverySize } from './screens';

const workspace = `version: 1
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
  - notify: [desktop]   # the tray, and toasts here
    group_wait: 0s
channels:
  desktop: { desktop: true }
`;

describe('acting on alerts and channels in the web console (zervigo serve in Chromium)', () => {
  it('acknowledges with a comment and silences with chosen matchers and duration, as the named person; adds a channel through a form', async () => {
    const receiver = await HttpReceiver.start();
    const dir = tempDir();
    const file = writeFile(dir, 'zervigo.yaml', workspace);
    const dataDir = tempDir();
    const serve = await startServe(['--port', '0', '--data-dir', dataDir], { cwd: dir });
    const browser = await openBrowser();
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(serve.loginLink);

    // Who I am, until people sign in.
    await page.goto(`${serve.url}/#/settings`);
    await page.getByTestId('operator-name').fill('Ada Lovelace');
    await page.getByTestId('operator-name-save').click();
    await page.getByText('Name saved').waitFor();

    await page.goto(`${serve.url}/#/alerts`);
    const row = page.getByTestId('alert-row-ApiNoData');
    await row.getByTestId('alert-ack').waitFor();
    const silenceButton = row.getByTestId('alert-silence');
    const before = await silenceButton.boundingBox();
    await row.getByTestId('alert-ack').click();
    await page.getByRole('dialog').getByLabel('Comment (optional)').fill('on it, OPS-12');
    await page.getByTestId('ack-submit').click();
    await waitFor(
      async () =>
        (
          (await row
            .getByTestId('alert-ack-by')
            .textContent()
            .catch(() => '')) ?? ''
        ).startsWith('Ada Lovelace,'),
      { what: 'the acknowledgement by name' },
    );
    await expect(row.getByTestId('alert-ack-comment').textContent()).resolves.toBe('“on it, OPS-12”');
    // Acknowledging did not move the next button under the pointer.
    expect(await silenceButton.boundingBox()).toEqual(before);

    // Silence: matchers from the labels, one widened to a regex, one removed; 90 minutes; why.
    await silenceButton.click();
    const dialog = page.getByTestId('silence-dialog');
    await dialog.getByLabel('Label value 1').waitFor();
    const names = await dialog.locator('input[aria-label^="Label name"]').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    expect(names).toEqual(['alertname', 'service', 'severity']);
    await dialog.getByLabel('Remove matcher severity').click();
    await dialog.getByLabel('Operator 2').click();
    await page.getByRole('option', { name: '=~', exact: true }).click();
    await dialog.getByLabel('Label value 2').fill('api|web');
    await dialog.getByTestId('silence-duration').getByText('custom').click();
    await dialog.getByLabel('Custom duration').fill('90m');
    await dialog.getByLabel('Why').fill('database migration, OPS-13');
    await expect(dialog.getByTestId('silence-ends').textContent()).resolves.toMatch(/^Ends \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(in 1h30m\)\.$/);
    await screenshotsAtEverySize(page, 'alerts-silence-dialog', () => dialog.getByTestId('silence-submit').waitFor());
    await dialog.getByTestId('silence-submit').click();
    await page.getByText('Silenced for 1h30m').waitFor();

    const token = runCli(['token', '--data-dir', dataDir]).stdout.trim();
    const silences = (await (await fetch(`${serve.url}/api/v1/silences`, { headers: { authorization: `Bearer ${token}` } })).json()) as SilenceView[];
    expect(silences).toHaveLength(1);
    const silence = silences[0] as SilenceView;
    expect(silence).toMatchObject({
      createdBy: 'Ada Lovelace',
      comment: 'database migration, OPS-13',
      matchers: [
        { name: 'alertname', value: 'ApiNoData', isRegex: false, isEqual: true },
        { name: 'service', value: 'api|web', isRegex: true, isEqual: true },
      ],
    });
    expect(silence.endsAt - silence.startsAt).toBe(90 * 60_000);

    await page.getByRole('tab', { name: /Silences/ }).click();
    const silenceRow = page.getByTestId('silence-row');
    await expect(silenceRow.getByTestId('silence-comment').textContent()).resolves.toBe('database migration, OPS-13');
    await expect(silenceRow.getByTestId('silence-until').textContent()).resolves.toBe(formatAbsoluteTime(silence.endsAt));
    await expect(silenceRow.textContent()).resolves.toContain('service=~api|web');
    await expect(silenceRow.textContent()).resolves.toContain('by Ada Lovelace');

    // A new channel from a form: tested before it exists, then written through the diff.
    await page.goto(`${serve.url}/#/settings`);
    await page.getByTestId('channel-add').click();
    const form = page.getByTestId('channel-form');
    await form.getByTestId('channel-name').fill('ops-hook');
    await form.getByTestId('channel-webhook-url').fill(`${receiver.url}/alerts`);
    // A secret stays masked until shown.
    await expect(form.getByTestId('channel-webhook-url').getAttribute('type')).resolves.toBe('password');
    await form.getByTestId('channel-form-send-test').click();
    await form.getByTestId('channel-form-test').waitFor();
    await expect(form.getByTestId('channel-form-test').textContent()).resolves.toMatch(/^Test delivered/);
    expect(receiver.requests.at(-1)).toMatchObject({ path: '/alerts', body: { alerts: [{ labels: { alertname: 'ZervigoTest' } }] } });
    await screenshotsAtEverySize(page, 'settings-channel-form', () => form.getByTestId('channel-form-save').waitFor());
    await form.getByTestId('channel-form-save').click();
    const save = page.getByTestId('save-dialog');
    await expect(save.getByTestId('workspace-diff').textContent()).resolves.toContain(`+  ops-hook:\n+    webhook:\n+      url: ${receiver.url}/alerts\n`);
    await save.getByTestId('save-dialog-save').click();
    await page.getByTestId('channel-row-ops-hook').waitFor();
    await form.waitFor({ state: 'hidden' });
    // The rest of the file as it was: the comment stays.
    expect(fs.readFileSync(file, 'utf8')).toBe(`${workspace}  ops-hook:\n    webhook:\n      url: ${receiver.url}/alerts\n`);
  }, 120_000);
});
