import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { openBrowser } from '../helpers/browser';
import { horizontalOffenders } from './layout-fit';

/**
 * The layout check itself, in Chromium on a page of its own: what it must catch (a box resting
 * past the right edge, a spinner that sticks out) and what it must not (a toast sliding off while
 * it fades, one left unseen at opacity 0 until it is removed). CI once failed on a toast caught
 * mid-slide at 375 px.
 */
describe('the layout check (Chromium)', () => {
  let page: Page;

  // A browser per test: the helper closes each one after its test.
  beforeEach(async () => {
    page = await (await openBrowser()).newPage({ viewport: { width: 375, height: 812 } });
  });

  const box = (style: string): Promise<void> =>
    page.setContent(
      `<style>@keyframes spin { to { rotate: 1turn } }</style>` +
        `<div id="toast" data-testid="toast" style="position: fixed; right: 16px; bottom: 16px; width: 343px; height: 60px; ${style}">Started web-b on beta</div>`,
    );

  it('catches a box resting past the right edge', async () => {
    await box('transform: translateX(100%)');
    await expect(horizontalOffenders(page)).resolves.toEqual([expect.objectContaining({ left: 359, right: 702 })]);
  });

  it('catches a spinner that sticks out, though its animation never ends', async () => {
    await box('transform: translateX(100%); animation: spin 1s linear infinite');
    await expect(horizontalOffenders(page)).resolves.toHaveLength(1);
  });

  it('passes over a toast sliding off while it fades, and one left at opacity 0', async () => {
    await box('transition: transform 10s linear, opacity 10s linear');
    await page.evaluate(() => {
      const toast = document.getElementById('toast');
      if (toast === null) throw new Error('no toast');
      toast.getBoundingClientRect();
      toast.style.transform = 'translateX(100%)';
      toast.style.opacity = '0';
    });
    await page.waitForFunction(() => (document.getElementById('toast')?.getBoundingClientRect().right ?? 0) > 375);
    await expect(horizontalOffenders(page)).resolves.toEqual([]);

    await box('transform: translateX(100%); opacity: 0');
    await expect(horizontalOffenders(page)).resolves.toEqual([]);
  });
});
