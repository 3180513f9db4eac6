import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterEach } from 'vitest';
import { repoRoot } from './cli';

export const CHROMIUM = process.env.ZERVIGO_CHROMIUM ?? '/usr/bin/chromium';
export const artifactsDir = path.join(repoRoot, 'test-results');

const browsers: Browser[] = [];
afterEach(async () => {
  for (const browser of browsers.splice(0)) await browser.close();
});

/** Debian's Chromium, headless, with no network chatter (this machine has no internet). */
export async function openBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  browsers.push(browser);
  return browser;
}

/** Saves a screenshot under test-results/ (a CI artifact) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  // Finished transitions: a drawer caught sliding in says little.
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}
