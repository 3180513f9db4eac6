import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../../src/core/process/process-group';
import { openBrowser, screenshot } from '../helpers/browser';
import { freePort } from '../helpers/free-port';
import { startTarget } from '../helpers/http-target';
import { selfSignedCertificate } from '../helpers/tls-certs';
import { privateTmux } from '../helpers/tmux-server';
import { waitFor } from '../helpers/wait-for';
import { consoleInBrowser, startConsole } from './console-in-browser';

const number = async (page: Page, testId: string): Promise<number> => Number((await page.getByTestId(testId).textContent())?.trim());

/** No page scrolls sideways: its content fits the window. */
const overflow = (page: Page): Promise<number> => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('the service page (Chromium)', () => {
  it('restarts a service from its page after the prod confirmation (focus on Cancel), with a new pid, a fresh uptime and a marker on its charts', async () => {
    const port = await freePort();
    // In a confirm_destructive `prod` environment.
    const { server, engine, page } = await consoleInBrowser(
      `version: 1
name: e2e service page
environments:
  prod: { confirm_destructive: true }
services:
  api:
    description: Public API
    start: [node, -e, "require('http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')"]
    probes: [{ http: "http://127.0.0.1:${port}/", every: 500ms, timeout: 500ms }]
`,
      { environment: 'prod', viewport: { width: 1440, height: 900 } },
    );
    await page.goto(`${server.url}/#/services/api`);
    await page.locator('[data-testid="service-page-api"]').waitFor();
    await waitFor(async () => Number.isFinite(await number(page, 'vital-pid')) && (await page.getByTestId('vital-pid').textContent()) !== '—', {
      timeoutMs: 15_000,
      what: 'the pid',
    });
    await waitFor(async () => (await page.getByTestId('heartbeat-api').getAttribute('data-beats')) !== '0', { timeoutMs: 10_000, what: 'checks on the bar' });
    // Uptime ticks while the page is open.
    await waitFor(
      async () =>
        /^\d+(\.\d)? s$/.test((await page.getByTestId('vital-uptime').textContent())?.trim() ?? '') &&
        !(await page.getByTestId('vital-uptime').textContent())?.startsWith('1'),
      { timeoutMs: 10_000, what: 'an uptime of a few seconds' },
    );
    const pid = await number(page, 'vital-pid');
    const uptimeBefore = (await page.getByTestId('vital-uptime').textContent())?.trim();
    const markersBefore = await page.locator('[data-testid="chart-latency"] [data-marker]').count();

    await page.getByTestId('service-restart').click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toContain('Restart in prod?');
    // Safe by default: an Enter out of habit cancels.
    await waitFor(async () => (await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === 'confirm-cancel', {
      what: 'the focus on Cancel',
    });
    await screenshot(page, 'e2e-service-page-confirm');
    expect(isAlive(pid)).toBe(true);
    await dialog.getByTestId('confirm-action').click();

    await waitFor(
      async () => {
        const text = (await page.getByTestId('vital-pid').textContent())?.trim();
        return text !== undefined && text !== '—' && Number(text) !== pid;
      },
      { timeoutMs: 15_000, what: 'a new pid' },
    );
    expect(isAlive(pid)).toBe(false);
    const uptimeAfter = (await page.getByTestId('vital-uptime').textContent())?.trim();
    expect(uptimeAfter).not.toBe(uptimeBefore);
    expect(uptimeAfter).toMatch(/^(< 1 s|\d(\.\d)? s)$/);
    // The toast says what was restarted; the restart is one entry of the events, and a marker on every chart.
    await expect(page.getByTestId('operation-summary').textContent()).resolves.toMatch(/^Restarted api/);
    const restartEntry = page.locator('[data-testid="timeline-entry"][data-kind="restart"]').first();
    await restartEntry.waitFor({ timeout: 10_000 });
    await expect(restartEntry.textContent()).resolves.toContain('Restarted by owner');
    await waitFor(async () => (await page.locator('[data-testid="chart-latency"] [data-marker]').count()) > markersBefore, {
      timeoutMs: 10_000,
      what: 'a marker on the latency chart',
    });
    // The CPU chart re-reads the store every few seconds; the marker is there once its range reaches the restart.
    await waitFor(
      async () => {
        const labels = await page
          .locator('[data-testid="chart-cpu"] [data-marker]')
          .evaluateAll((flags) => flags.map((flag) => flag.getAttribute('aria-label')));
        return labels.some((label) => label?.includes('Restarted by owner'));
      },
      { timeoutMs: 10_000, what: 'the restart marker on the CPU chart' },
    );
    // Hovering the marker names it.
    // (Flags of events seconds apart overlap at a 1 h range: the restart's own flag is pointed at.)
    await page.locator('[data-testid="chart-latency"] [data-marker][aria-label*="Restarted by owner"]').first().dispatchEvent('mouseenter');
    await expect(page.locator('[data-testid="chart-latency"] .zervigo-marker-tip').textContent()).resolves.toContain('Restarted by owner');
    const audit = engine.operate.audit.list({ target: 'api', limit: 5 });
    expect(audit.slice(0, 2).map((entry) => `${entry.actor} ${entry.action} ${entry.outcome}`)).toEqual(['owner start ok', 'owner stop ok']);
    await screenshot(page, 'e2e-service-page-restarted');
  });

  it('looks right at desktop and phone sizes, light and dark: Overview, Services and a service page', async () => {
    const { socket } = privateTmux();
    const [dbPort, apiPort, webPort] = await Promise.all([freePort(), freePort(), freePort()]);
    const now = Date.now();
    const certificate = selfSignedCertificate(new Date(now - 86_400_000), new Date(now + 23.5 * 86_400_000));
    const shop = await startTarget({ '/': (_request, response) => response.writeHead(200).end('ok') }, certificate);
    const { server } = await startConsole(
      `version: 1
name: shop
tmux: { socket: ${socket} }
environments:
  prod: { confirm_destructive: true }
services:
  db:
    description: Primary database
    start: [node, -e, "require('net').createServer((s) => s.end()).listen(${dbPort}, '127.0.0.1')"]
    probes: [{ tcp: "127.0.0.1:${dbPort}", every: 1s }]
  api:
    description: Public API
    start: [node, -e, "require('http').createServer((q, s) => s.end('ok')).listen(${apiPort}, '127.0.0.1'); setInterval(() => console.log('api is serving'), 2000)"]
    depends_on: [db]
    tmux: true
    env: { PORT: "${apiPort}", API_TOKEN: s3cr3t, DATABASE_URL: "postgres://app:hunter2@127.0.0.1:${dbPort}/shop" }
    probes: [{ http: "http://127.0.0.1:${apiPort}/", every: 1s }]
  web:
    start: [node, -e, "require('http').createServer((q, s) => s.end('ok')).listen(${webPort}, '127.0.0.1')"]
    depends_on: [api]
    probes: [{ http: "http://127.0.0.1:${webPort}/", every: 1s }]
  storefront:
    description: The shop's HTTPS front (observed)
    probes: [{ http: { url: "${shop.url}/", insecure: true }, every: 2s }]
  worker:
    description: Background jobs, no probes
    start: [node, -e, "setInterval(() => {}, 1000)"]
  flaky:
    description: Crash-loops
    start: [sh, -c, "sleep 0.5; exit 1"]
    restart: { backoff: 2s..2s, budget: 50 within 10m }
`,
      { environment: 'prod' },
    );
    const browser = await openBrowser();
    for (const scheme of ['light', 'dark'] as const) {
      for (const viewport of [
        { width: 1440, height: 900, name: 'desktop' },
        { width: 390, height: 844, name: 'phone' },
      ]) {
        const page = await browser.newPage({ viewport, colorScheme: scheme });
        // A phone gets the navigation collapsed to icons (the phone layout itself is issue 12's point 9).
        if (viewport.name === 'phone') await page.addInitScript(() => localStorage.setItem('zervigo-nav-collapsed', 'true'));
        await page.goto(server.loginLink());
        await page.goto(`${server.url}/#/`);
        await page.locator('[data-testid="service-card-web"]').waitFor();
        await page.locator('[data-testid="service-card-web"][data-status="up"]').waitFor({ timeout: 20_000 });
        await page.locator('[data-testid="service-cert-storefront"]').waitFor({ timeout: 90_000 });
        await expect(page.getByTestId('service-cert-storefront').textContent()).resolves.toContain('23 days left');
        await waitFor(async () => Number(await page.getByTestId('heartbeat-api').getAttribute('data-beats')) >= 2, {
          timeoutMs: 10_000,
          what: 'ticks on the overview',
        });
        await screenshot(page, `e2e-shop-overview-${viewport.name}-${scheme}`);
        await page.goto(`${server.url}/#/services`);
        await page.locator('[data-testid="service-row-api"]').waitFor();
        await screenshot(page, `e2e-shop-services-${viewport.name}-${scheme}`);
        await page.goto(`${server.url}/#/services/api`);
        await page.locator('[data-testid="service-page-api"]').waitFor();
        await page.locator('[data-testid="attach-hint"]').waitFor();
        await expect(page.getByTestId('attach-hint').textContent()).resolves.toBe(`tmux -L ${socket} attach -t shop:api`);
        await screenshot(page, `e2e-shop-service-${viewport.name}-${scheme}`);
        expect(await overflow(page)).toBeLessThanOrEqual(0);
        await page.getByRole('tab', { name: 'Environment' }).click();
        await page.getByTestId('env-API_TOKEN').waitFor();
        await expect(page.getByTestId('env-value-API_TOKEN').textContent()).resolves.toBe('•••');
        await expect(page.getByTestId('env-value-DATABASE_URL').textContent()).resolves.toBe(`postgres://app:•••@127.0.0.1:${dbPort}/shop`);
        await page.goto(`${server.url}/#/services/flaky`);
        await page.locator('[data-testid="service-page-flaky"]').waitFor();
        await page.locator('[data-testid="timeline-entry"][data-kind="restart"]').first().waitFor({ timeout: 15_000 });
        await screenshot(page, `e2e-shop-flaky-${viewport.name}-${scheme}`);
        await page.close();
      }
    }
  });
});
