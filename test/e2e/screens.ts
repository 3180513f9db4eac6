import type { Page } from 'playwright-core';
import { screenshot } from '../helpers/browser';

/** The sizes and schemes every screen of the console is looked at in: a desktop and a phone, light and dark. */
export const screens = [
  { size: '1440', width: 1440, height: 900 },
  { size: '390', width: 390, height: 844 },
] as const;

/** Screenshots of what is on the page now at each size and scheme; `ready` waits for what must show. */
export async function screenshotsAtEverySize(page: Page, name: string, ready: () => Promise<void> = async () => {}): Promise<string[]> {
  const files: string[] = [];
  for (const screen of screens) {
    await page.setViewportSize({ width: screen.width, height: screen.height });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await ready();
      files.push(await screenshot(page, `${name}-${screen.size}-${scheme}`));
    }
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });
  return files;
}
