import { describe, expect, it } from 'vitest';
import { openBrowser, screenshot } from '../helpers/browser';
import { startServe } from '../helpers/cli';
import { freePort } from '../helpers/free-port';
import { startTarget } from '../helpers/http-target';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

describe('the public status page (zervigo serve in Chromium)', () => {
  it('an operator posts an incident note in the console; a visitor without sign-in sees only the chosen services and the note, at desktop and phone widths', async () => {
    const target = await startTarget({ '/health-internal': (_request, response) => response.end('ok') });
    const closed = await freePort();
    const dir = tempDir();
    writeFile(
      dir,
      'zervigo.yaml',
      `version: 1
machine: false
services:
  api:
    probes: [{ http: "${target.url}/health-internal", every: 200ms }]
  payments:
    probes: [{ tcp: "127.0.0.1:${closed}", every: 200ms }]
  ledger-internal:
    probes: [{ http: "${target.url}/ledger", every: 200ms }]
status_page:
  slug: shop
  title: Shop status
  description: Live status of the shop's checkout and payments.
  services: [{ service: api, name: Checkout API }, { service: payments, name: Payments }]
`,
    );
    const serve = await startServe(['--port', '0', '--data-dir', tempDir()], { cwd: dir });
    const browser = await openBrowser();

    // The operator, signed in, writes the note on the Settings page and finds the link there.
    const operator = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await operator.goto(serve.loginLink);
    await operator.goto(`${serve.url}/#/settings`);
    await expect(operator.getByTestId('status-page-link').getAttribute('href')).resolves.toBe(`${serve.url}/status/shop`);
    await operator.getByTestId('status-note-title').fill('Payments are failing');
    await operator.getByTestId('status-note-body').fill('Card payments fail; we are on it.');
    await operator.getByTestId('status-note-post').click();
    await operator.getByTestId('status-note').first().waitFor();
    await expect(operator.getByTestId('status-note').first().textContent()).resolves.toContain('Card payments fail; we are on it.');
    await screenshot(operator, 'e2e-status-page-console-1280');

    // A visitor: a fresh context, no cookie, no token. The page loads nothing but itself.
    const visitor = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await visitor.newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(`${serve.url}/status/shop`);
    await waitFor(
      async () => {
        const text = (await page.textContent('body')) ?? '';
        if (text.includes('Payments are failing') && text.includes('Down') && text.includes('Operational') && !text.includes('24 h –')) return true;
        await page.reload();
        return false;
      },
      { timeoutMs: 15_000, what: 'the page with both states, availability and the note' },
    );
    const text = (await page.textContent('body')) ?? '';
    expect(text).toContain('Shop status');
    expect(text).toContain('Checkout API');
    expect(text).toContain('Card payments fail; we are on it.');
    for (const hidden of ['ledger-internal', 'health-internal', '127.0.0.1', String(closed), String(target.port)]) expect(text).not.toContain(hidden);
    expect(requested.every((url) => url === `${serve.url}/status/shop`)).toBe(true);
    await expect(page.locator('.beat').count()).resolves.toBeGreaterThan(4);
    await screenshot(page, 'e2e-status-page-1280');

    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'e2e-status-page-390');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // The console's API is still closed to the visitor.
    const api = await page.request.get(`${serve.url}/api/v1/status-page/notes`);
    expect(api.status()).toBe(401);
  });
});
