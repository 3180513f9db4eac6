import { describe, expect, it } from 'vitest';
import { commands } from '../../src/shared/contract';
import { openBrowser, screenshot } from '../helpers/browser';
import { startServe } from '../helpers/cli';
import { tempDir, writeFile } from '../helpers/temp-dir';

describe('the API page (zervigo serve in Chromium)', () => {
  it('lists every command grouped by domain, with its input table and a curl line for this server; no page scrolls sideways on a phone', async () => {
    const dir = tempDir();
    writeFile(dir, 'zervigo.yaml', 'version: 1\nmachine: false\nservices:\n  api: {}\n');
    const serve = await startServe(['--port', '0', '--data-dir', tempDir()], { cwd: dir });
    const browser = await openBrowser();
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(serve.loginLink);
    await page.goto(`${serve.url}/#/api`);
    await page.getByTestId('api-command').first().waitFor();
    await expect(page.getByTestId('api-command').count()).resolves.toBe(Object.keys(commands).length);

    const silences = page.locator('#command-silences\\.create');
    await expect(silences.textContent()).resolves.toContain('matchers[].name');
    await expect(silences.getByTestId('api-curl').textContent()).resolves.toBe(
      `curl -X POST -H "Authorization: Bearer $ZERVIGO_TOKEN" -H 'content-type: application/json' -d '{"matchers":[{"name":"…","value":"…"}],"comment":"…"}' '${serve.url}/api/v1/silences'`,
    );
    await expect(page.locator('#command-services\\.list').getByTestId('api-curl').textContent()).resolves.toBe(
      `curl -H "Authorization: Bearer $ZERVIGO_TOKEN" '${serve.url}/api/v1/services'`,
    );
    // A command without a readable route is run through RPC.
    await expect(page.locator('#command-terminal\\.input').getByTestId('api-curl').textContent()).resolves.toContain(`${serve.url}/api/v1/rpc/terminal.input`);
    await screenshot(page, 'e2e-api-1440');

    // The filter narrows the list to the commands about restarting (a handful of the whole contract).
    const everyCommand = await page.getByTestId('api-command').count();
    await page.getByLabel('Filter commands').fill('restart');
    await page.waitForFunction((limit) => document.querySelectorAll('[data-testid="api-command"]').length < limit, everyCommand / 10);
    await expect(page.locator('#command-services\\.restart').count()).resolves.toBe(1);
    await page.getByLabel('Filter commands').fill('');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('api-command').first().waitFor();
    await screenshot(page, 'e2e-api-390');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
