import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePortRange } from '../helpers/free-port-range';
import { waitFor } from '../helpers/wait-for';
import { consoleInBrowser } from './console-in-browser';
import { horizontalOffenders, screenshotFolder, settled } from './layout-fit';

describe('replicas in the console (Chromium)', () => {
  it('shows each replica of a replicated service under its row and on its page, restarts one alone, and fits a phone', async () => {
    // Its 3 replicas listen on base..base+2: all three must be free, not only the first.
    const base = await freePortRange(3);
    const { server, page } = await consoleInBrowser(
      `version: 1
name: e2e replicas
services:
  web:
    description: The shop's front
    start: [node, -e, "require('http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')"]
    port: ${base}
    env: { PORT: "\${PORT}" }
    replicas: 3
    probes: [{ http: "http://127.0.0.1:\${PORT}/", every: 500ms, timeout: 500ms }]
`,
      { viewport: { width: 1440, height: 900 } },
    );
    await page.goto(`${server.url}/#/services`);
    const toggle = page.getByTestId('replicas-toggle-web');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const upReplicas = (): Promise<number> => page.locator('[data-testid^="replica-web#"][data-status="up"]').count();
    await waitFor(async () => (await upReplicas()) === 3, { timeoutMs: 20_000, what: `3 replicas up (${await upReplicas()} are)` });
    expect(await page.getByTestId('replica-web#2').textContent()).toContain(`port ${base + 1}`);
    const pidOf = async (): Promise<string> => /pid (\d+)/.exec((await page.getByTestId('replica-web#2').textContent()) ?? '')?.[1] ?? '';
    const before = await pidOf();
    const other = /pid (\d+)/.exec((await page.getByTestId('replica-web#1').textContent()) ?? '')?.[1];
    await page.getByTestId('restart-replica-web#2').click();
    await waitFor(async () => (await pidOf()) !== '' && (await pidOf()) !== before, { timeoutMs: 20_000, what: `a new pid for web#2 (was ${before})` });
    // The others were not touched.
    expect(/pid (\d+)/.exec((await page.getByTestId('replica-web#1').textContent()) ?? '')?.[1]).toBe(other);

    // A replicated service has no pid of its own: it counts as running while a replica runs.
    await waitFor(async () => (await page.getByText('Zervigo runs 1, 1 running now').count()) === 1, {
      timeoutMs: 10_000,
      what: `"1 running now" (the page says ${await page.getByText(/running now/).textContent()})`,
    });

    // The restart's toast sliding away is not the page.
    const offenders = async (): Promise<unknown[]> => (await horizontalOffenders(page)).filter((offender) => !offender.what.includes('Notification'));
    const folder = screenshotFolder();
    for (const width of [1440, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${server.url}/#/services`);
      if ((await page.getByTestId('replicas-toggle-web').getAttribute('aria-expanded')) !== 'true') await page.getByTestId('replicas-toggle-web').click();
      await page.getByTestId('replicas-web').waitFor();
      await settled(page);
      expect(await offenders(), `nothing sticks out sideways at ${width} px`).toEqual([]);
      if (folder !== null) await page.screenshot({ path: path.join(folder, `services-replicas-${width}.png`), fullPage: true, animations: 'disabled' });
      await page.goto(`${server.url}/#/services/web`);
      await page.getByTestId('service-replicas').waitFor();
      await settled(page);
      expect(await page.locator('[data-testid="service-replicas"] li').count()).toBe(3);
      expect(await offenders(), `nothing sticks out sideways on the service page at ${width} px`).toEqual([]);
      if (folder !== null) await page.screenshot({ path: path.join(folder, `service-replicas-${width}.png`), fullPage: true, animations: 'disabled' });
    }
  });
});
