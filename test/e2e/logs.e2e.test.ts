import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openBrowser, screenshot } from '../helpers/browser';
import { startServe, stopProcess } from '../helpers/cli';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

const children: ReturnType<typeof spawn>[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) await stopProcess(child);
});

/** A stand-in service: a real process that appends to its log file, and a line on demand (SIGUSR2). */
const serviceScript = `
const fs = require('fs');
const file = process.argv[1];
let n = 0;
setInterval(() => fs.appendFileSync(file, new Date().toISOString() + ' INFO heartbeat ' + (n++) + '\\n'), 200);
process.on('SIGUSR2', () => fs.appendFileSync(file, new Date().toISOString() + ' ERROR checkout failed for order ' + process.env.MARK + '\\n'));
`;

describe('the Logs page (zervigo serve in Chromium)', () => {
  it('shows a line a running service wrote a moment earlier, live, and finds it by search', async () => {
    const dir = tempDir();
    const logFile = path.join(dir, 'api.log');
    writeFile(dir, 'zervigo.yaml', 'version: 1\nname: shop\nservices:\n  api:\n    description: Public API\n    logs: [./api.log]\n');
    // Digits in it, so the pattern miner reads it as a variable (a base-36 stamp sometimes has none).
    const mark = `order-${Date.now()}`;
    const service = spawn(process.execPath, ['-e', serviceScript, logFile], { env: { ...process.env, MARK: mark }, stdio: 'ignore' });
    children.push(service);
    const serve = await startServe(['--port', '0', '--data-dir', tempDir()], { cwd: dir });
    const browser = await openBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(serve.loginLink);
    await page.goto(`${serve.url}/#/logs`);
    await page.getByTestId('log-viewer').getByText('heartbeat', { exact: false }).first().waitFor({ timeout: 10_000 });
    await waitFor(async () => (await page.getByTestId('logs-live-state').textContent())?.includes('following'), { what: 'the live tail to follow' });

    // Written now, by the running service: it arrives through the live tail.
    service.kill('SIGUSR2');
    const row = page.getByTestId('log-row').filter({ hasText: mark });
    await row.waitFor({ timeout: 10_000 });
    await expect(row.textContent()).resolves.toContain('ERROR');
    await screenshot(page, 'e2e-logs-live');

    // And search finds it, highlighted, with nothing else.
    await page.getByTestId('logs-search').fill(`"failed for order" ${mark}`);
    await page.getByTestId('logs-search').press('Enter');
    await page.locator('mark', { hasText: mark }).first().waitFor({ timeout: 10_000 });
    // The list switches from live rows to search results: wait for it to settle on the one match.
    await waitFor(async () => (await page.getByTestId('log-row').count()) === 1, { what: 'exactly one search result', timeoutMs: 10_000 });
    await waitFor(async () => (await page.getByTestId('pattern-panel').textContent())?.includes('checkout failed for order <*>'), {
      what: 'the pattern in the panel',
      timeoutMs: 10_000,
    });
    await screenshot(page, 'e2e-logs-search');
  });
});
