import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from '../helpers/browser';
import { runCli, startServe } from '../helpers/cli';
import { freePort } from '../helpers/free-port';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { consoleInBrowser } from './console-in-browser';
import { crowdedInputs, horizontalOffenders, pageOverflow, settled } from './layout-fit';

async function agent(workspace: string): Promise<{ url: string; token: string }> {
  const dir = tempDir();
  const dataDir = tempDir();
  writeFile(dir, 'zervigo.yaml', workspace);
  const serve = await startServe(['--port', '0', '--data-dir', dataDir], { cwd: dir });
  return { url: serve.url, token: runCli(['token', '--data-dir', dataDir]).stdout.trim() };
}

/** At 1440 and 375 px, once laid out: `check` holds, nothing sticks out sideways, no input's controls crowded, a screenshot each (e2e-fleet-<name>-<width>); 1366 px after. */
async function atBothWidths(page: Page, name: string, check: () => Promise<void> = async () => undefined): Promise<void> {
  for (const [width, height] of [
    [1440, 900],
    [375, 812],
  ] as const) {
    await page.setViewportSize({ width, height });
    await settled(page);
    await check();
    expect(await horizontalOffenders(page), `${name} at ${width} px`).toEqual([]);
    expect(await pageOverflow(page), `${name} scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
    expect(await crowdedInputs(page), `${name} at ${width} px`).toEqual([]);
    await screenshot(page, `e2e-fleet-${name}-${width}`);
  }
  await page.setViewportSize({ width: 1366, height: 900 });
  await settled(page);
}

/**
 * The Fleet page in Chromium: a console (the web server over an engine) with two agents that are
 * real `zervigo serve` processes. Both agents' services are in one table naming their host; a
 * service of the second agent is started from it, and the alert it then raises on that agent is
 * seen on the console.
 */
describe('the Fleet page (Chromium)', () => {
  it("shows two agents' services in one view, operates a service on the second, and sees its alert", async () => {
    const port = await freePort();
    const first = await agent('version: 1\nservices:\n  web-a: { start: [sleep, "60"], autostart: false }\n');
    const second = await agent(`version: 1
evaluation_interval: 1s
services:
  web-b:
    start: [node, -e, "console.log('web-b listening on beta'); require('net').createServer((s) => s.end()).listen(${port}, '127.0.0.1')"]
    autostart: false
    probes: [{ tcp: "127.0.0.1:${port}", every: 1s, timeout: 500ms }]
rules:
  - alert: WebBServing
    expr: probe_success{service="web-b"} == 1
    labels: { severity: warning }
    annotations: { summary: "web-b serves on beta (it should stay stopped there)" }
`);
    const { engine, server, browser, page } = await consoleInBrowser('version: 1\n', { viewport: { width: 1366, height: 900 } });
    const context = { actor: 'operator', transport: 'internal' } as const;
    await engine.dispatch('agents.add', { name: 'alpha', url: first.url, token: first.token }, context);
    await page.goto(`${server.url}/#/fleet`);
    await page.locator('[data-testid="agent-row-alpha"][data-state="up"]').waitFor({ timeout: 15_000 });

    // The second agent is added from the page.
    await page.getByTestId('agent-name').fill('beta');
    await page.getByTestId('agent-url').fill(second.url);
    await page.getByTestId('agent-token').fill(second.token);
    await page.getByTestId('agent-add').click();
    await page.locator('[data-testid="agent-row-beta"][data-state="up"]').waitFor({ timeout: 15_000 });
    await expect(page.getByTestId('agent-row-beta').textContent()).resolves.toMatch(/beta\s*up/);

    // Both agents' services in one view, each naming its host.
    await page.getByTestId('fleet-service-alpha-web-a').waitFor({ timeout: 10_000 });
    await page.getByTestId('fleet-service-beta-web-b').waitFor();
    await expect(page.getByTestId('fleet-service-alpha-web-a').getAttribute('data-status')).resolves.toBe('stopped');

    // Operated on the second agent, from here; its rule then fires there and the alert shows here.
    await page.getByTestId('fleet-start-beta-web-b').click();
    await page.locator('[data-testid="fleet-service-beta-web-b"][data-status="up"]').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="fleet-alert-beta-WebBServing"][data-state="firing"]').waitFor({ timeout: 20_000 });
    await expect(page.getByTestId('fleet-alert-beta-WebBServing').textContent()).resolves.toContain('web-b serves on beta');
    await screenshot(page, 'e2e-fleet');

    // beta's own pages, reached by keyboard from its row: the console's Services, Alerts and
    // Insights pages fed by beta, its service operated on beta.
    await page.getByTestId('agent-link-beta').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/hosts\/beta\/services$/);
    await page.locator('[data-testid="host-banner"][data-state="up"]').waitFor();
    await page.locator('[data-testid="service-row-web-b"][data-status="up"]').waitFor({ timeout: 15_000 });
    await expect(page.getByTestId('service-row-web-a').count()).resolves.toBe(0);
    await expect(page.getByTestId('service-link-web-b').getAttribute('href')).resolves.toBe('#/hosts/beta/services/web-b');
    await atBothWidths(page, 'host-services');
    await page.getByTestId('host-section-alerts').click();
    await page.locator('[data-testid="alert-row-WebBServing"][data-state="firing"]').waitFor({ timeout: 15_000 });
    await screenshot(page, 'e2e-fleet-host-alerts');
    // beta's firing alert is counted in beta's banner; the header's health stays this console's
    // (no services, nothing firing here), at both widths.
    await page.locator('[data-testid="host-firing"][data-count="1"]').waitFor({ timeout: 15_000 });
    await expect(page.getByTestId('host-firing').getAttribute('href')).resolves.toBe('#/hosts/beta/alerts');
    await expect(page.getByTestId('host-insights').getAttribute('href')).resolves.toBe('#/hosts/beta/insights');
    await atBothWidths(page, 'host-alerts', async () => {
      await expect(page.getByTestId('health-summary').textContent()).resolves.not.toContain('1 firing');
      await expect(page.getByTestId('host-firing').isVisible()).resolves.toBe(true);
    });
    // Back at desktop width the zero counts are shown again (a phone hides them): once React re-rendered.
    await expect.poll(() => page.getByTestId('health-summary').textContent()).toMatch(/0 down.*0 firing/);
    await page.getByTestId('host-section-insights').click();
    await page.getByRole('heading', { name: 'Insights' }).waitFor({ timeout: 15_000 });

    // beta's audit log and workspace on beta's pages: the start made from the Fleet page is in
    // beta's audit, and the workspace is beta's file (its rule), not this console's.
    await page.getByTestId('host-section-audit').click();
    await page.waitForURL(/#\/hosts\/beta\/audit$/);
    await page.locator('[data-testid^="audit-row-"]', { hasText: 'web-b' }).first().waitFor({ timeout: 15_000 });
    await atBothWidths(page, 'host-audit');
    await page.getByTestId('host-section-config').click();
    await page.waitForURL(/#\/hosts\/beta\/config$/);
    await page.getByText('WebBServing').first().waitFor({ timeout: 15_000 });
    await atBothWidths(page, 'host-config');

    // web-b's Logs button on beta's page opens beta's lines (host=beta), not this console's.
    await page.getByTestId('host-section-services').click();
    await page.getByTestId('service-link-web-b').click();
    await page.waitForURL(/#\/hosts\/beta\/services\/web-b$/);
    await expect(page.getByTestId('service-logs').getAttribute('href')).resolves.toBe('#/logs?service=web-b&range=1h&host=beta');
    await page.getByTestId('service-logs').click();
    await page.waitForURL(/#\/logs\?service=web-b&range=1h&host=beta$/);
    await page.getByText('web-b listening on beta').waitFor({ timeout: 15_000 });
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('[data-testid="logs-host"]')?.value === 'beta');
    await expect(page.getByTestId('log-row-host').allTextContents()).resolves.toEqual(['beta']);
    // The header describes beta's store (this console has no sources and stores nothing).
    await page.getByText(/^[1-9][\d,]* lines? stored on beta · /).waitFor({ timeout: 10_000 });
    await atBothWidths(page, 'host-logs');

    // Stopped from beta's Services page: the command goes to beta, and beta's state comes back.
    await page.goto(`${server.url}/#/hosts/beta/services`);
    await page.getByTestId('service-row-web-b').getByRole('button', { name: /stop/i }).click();
    await page.locator('[data-testid="service-row-web-b"][data-status="stopped"]').waitFor({ timeout: 15_000 });

    // The toasts of the start and stop above leave first: one sliding out past the right edge while
    // the proposal is measured reads as a layout fault (seen in 2 of 3 runs).
    await expect.poll(() => page.locator('.mantine-Notification-root').count(), { timeout: 15_000 }).toBe(0);

    // Started again by a sentence typed on beta's pages: beta's workspace names web-b (this console
    // has no such service), the proposal says where it runs, and it runs on beta.
    await page.keyboard.press('Control+K');
    await page.getByPlaceholder('Go to a page or a service, silence an alert…').pressSequentially('start web-b');
    const proposed = page.getByTestId('assistant-action');
    await proposed.getByText('Start web-b').waitFor({ timeout: 10_000 });
    await expect(proposed.textContent()).resolves.toContain('on beta');
    await proposed.click();
    const dialog = page.getByTestId('assistant-proposal');
    await dialog.getByText('services.start {"services":["web-b"]}').waitFor();
    await page.getByText('Run this on beta?').waitFor();
    await atBothWidths(page, 'host-sentence');
    await dialog.getByTestId('assistant-run').click();
    await page
      .locator('[data-testid="service-row-web-b"][data-status="running"], [data-testid="service-row-web-b"][data-status="up"]')
      .waitFor({ timeout: 15_000 });

    // Back to the fleet: the console's own pages show the console again (it has no services).
    await page.getByRole('link', { name: 'Fleet' }).first().click();
    await page.waitForURL(/#\/fleet$/);
    await page.goto(`${server.url}/#/services`);
    await page.getByText('No services to list').waitFor({ timeout: 10_000 });
    await expect(page.getByTestId('service-row-web-b').count()).resolves.toBe(0);
    await browser.close();
  }, 150_000);
});
