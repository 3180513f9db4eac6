import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, screenshot } from '../helpers/browser';
import { startServe } from '../helpers/cli';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

/** Two services' files whose lines alternate in time; one api line is the one to find. */
function workspace(): { dir: string } {
  const dir = tempDir();
  const base = Date.now() - 5 * 60_000;
  const at = (second: number) => new Date(base + second * 1_000).toISOString();
  const api: string[] = [];
  const db: string[] = [];
  for (let i = 0; i < 40; i++) {
    api.push(`${at(2 * i)} ${i === 20 ? 'ERROR checkout failed for order 7731' : `INFO api handled request ${i}`}`);
    db.push(`${at(2 * i + 1)} INFO db committed transaction ${i}`);
  }
  writeFile(dir, 'api.log', `${api.join('\n')}\n`);
  writeFile(dir, 'db.log', `${db.join('\n')}\n`);
  writeFile(
    dir,
    'zervigo.yaml',
    [
      'version: 1',
      'name: shop',
      'services:',
      '  api:',
      '    logs: [{ path: ./api.log, from: start }]',
      '  db:',
      '    logs: [{ path: ./db.log, from: start }]',
      '',
    ].join('\n'),
  );
  return { dir };
}

/** Each row as "service: text", top to bottom. */
const rowTexts = async (page: Page): Promise<string[]> =>
  page.getByTestId('log-row').evaluateAll((rows) =>
    rows
      .map((row) => ({ top: row.getBoundingClientRect().top, text: `${row.getAttribute('data-service') ?? '?'}: ${row.textContent ?? ''}` }))
      .sort((a, b) => a.top - b.top)
      .map((row) => row.text),
  );

describe('a log line opened in context (zervigo serve in Chromium)', () => {
  it(
    'opens a search hit among the lines of both services around it, in time order, the hit highlighted, and keeps it in the URL',
    { timeout: 90_000 },
    async () => {
      const { dir } = workspace();
      const serve = await startServe(['--port', '0', '--data-dir', tempDir()], { cwd: dir });
      const browser = await openBrowser();
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(serve.loginLink);
      // Once in each theme (the sign-in link is good for one session, so the same page).
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        await page.goto(`${serve.url}/#/logs`);
        await page.getByTestId('logs-search').fill('checkout');
        await page.getByTestId('logs-search').press('Enter');
        const hit = page.getByTestId('log-row').filter({ hasText: 'checkout failed for order 7731' });
        await hit.waitFor({ timeout: 10_000 });
        await waitFor(async () => (await page.getByTestId('log-row').count()) === 1, { what: 'the one search hit' });
        await waitFor(async () => (await page.getByTestId('logs-status-line').textContent())?.includes('showing 1 of 1 match') === true, {
          what: 'the count of matches',
        });

        await hit.getByTestId('log-line-context').click();
        await page.getByTestId('log-context-bar').waitFor();
        const anchor = page.locator('[data-testid="log-row"][data-anchor="true"]');
        await anchor.waitFor();
        expect(await anchor.textContent()).toContain('checkout failed for order 7731');
        // The anchor is in view: the viewer scrolled to it.
        const [viewer, row] = await Promise.all([page.getByTestId('log-viewer').boundingBox(), anchor.boundingBox()]);
        expect(row !== null && viewer !== null && row.y >= viewer.y && row.y + row.height <= viewer.y + viewer.height).toBe(true);
        // Both services, alternating in time order, around the hit.
        const texts = await rowTexts(page);
        const at = texts.findIndex((text) => text.includes('checkout failed'));
        expect(texts.slice(at - 3, at + 4).map((text) => text.slice(0, text.indexOf(':')))).toEqual(['db', 'api', 'db', 'api', 'db', 'api', 'db']);
        expect(texts[at - 1]).toContain('committed transaction 19');
        expect(texts[at + 1]).toContain('committed transaction 20');
        expect(page.url()).toMatch(/line=\d+/);
        await screenshot(page, `e2e-logs-context-${colorScheme}`);

        // On a phone (the link opened there) the context fits the width: the hit in view, the way back there, nothing scrolls sideways.
        await page.setViewportSize({ width: 375, height: 812 });
        await page.reload();
        await page.locator('[data-testid="log-row"][data-anchor="true"]').waitFor({ timeout: 10_000 });
        await waitFor(async () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), { what: 'no sideways scrolling at 375 px' });
        await waitFor(
          async () => {
            const [box, hitBox] = await Promise.all([
              page.getByTestId('log-viewer').boundingBox(),
              page.locator('[data-testid="log-row"][data-anchor="true"]').boundingBox(),
            ]);
            return box !== null && hitBox !== null && hitBox.y >= box.y && hitBox.y + hitBox.height <= box.y + box.height;
          },
          { what: 'the hit in view at 375 px' },
        );
        expect(await page.getByTestId('log-context-back').isVisible()).toBe(true);
        await screenshot(page, `e2e-logs-context-375-${colorScheme}`);
        await page.setViewportSize({ width: 1440, height: 900 });

        // A line no longer stored (an old link) says so, instead of an empty viewer.
        await page.goto(`${serve.url}/#/logs?line=987654321`);
        await waitFor(async () => (await page.getByTestId('log-context-failed').textContent())?.includes('is not stored') === true, {
          what: 'the missing line explained',
        });
        await page.goBack();
        await page.locator('[data-testid="log-row"][data-anchor="true"]').waitFor({ timeout: 10_000 });

        // Only the hit's service, then a reload: the URL brings the same view back.
        await page.getByTestId('log-context-scope').getByText('Only api').click();
        await waitFor(async () => (await rowTexts(page)).every((text) => text.startsWith('api:')), { what: 'only api lines' });
        expect(page.url()).toContain('scope=service');
        await page.reload();
        await page.locator('[data-testid="log-row"][data-anchor="true"]').waitFor({ timeout: 10_000 });
        expect((await rowTexts(page)).some((text) => text.includes('committed transaction'))).toBe(false);
        expect(await page.locator('[data-testid="log-row"][data-anchor="true"]').textContent()).toContain('checkout failed for order 7731');

        // Back to the search it came from.
        await page.getByTestId('log-context-back').click();
        await waitFor(async () => (await page.getByTestId('logs-search').inputValue()) === 'checkout', { what: 'the search again' });
        await page.getByTestId('log-row').filter({ hasText: 'checkout failed for order 7731' }).waitFor();
      }
    },
  );
});
