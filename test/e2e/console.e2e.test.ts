import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openBrowser, screenshot } from '../helpers/browser';
import { startServe } from '../helpers/cli';
import { tempDir, writeFile } from '../helpers/temp-dir';

const workspace = `version: 1
name: shop
environment: staging
environments:
  staging: { vars: { API_PORT: "8081" } }
  prod: { vars: { API_PORT: "80" }, confirm_destructive: true }
services:
  db:
    description: Primary database
    probes: [{ tcp: "127.0.0.1:5432" }]
  api:
    description: Public API
    depends_on: [db]
    probes:
      - http: http://127.0.0.1:\${API_PORT}/health
`;

describe('the web console (zervigo serve in Chromium)', () => {
  it('signs in through the printed link, shows the services and the workspace, and a rejected edit live', async () => {
    const dir = tempDir();
    const file = writeFile(dir, 'zervigo.yaml', workspace);
    const serve = await startServe(['--port', '0', '--data-dir', tempDir()], { cwd: dir });
    const browser = await openBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });

    await page.goto(serve.loginLink);
    await page.getByTestId('service-card-db').waitFor();
    await expect(page.getByTestId('service-card-api').textContent()).resolves.toContain('Public API');
    await expect(page.getByTestId('env-badge').first().textContent()).resolves.toMatch(/staging/i);
    await screenshot(page, 'e2e-overview');

    await page.goto(`${serve.url}/#/config`);
    await expect(page.getByTestId('config-workspace-path').textContent()).resolves.toContain(file);
    await screenshot(page, 'e2e-config');

    // A broken edit on disk: the console says where, and the last good version keeps running.
    fs.writeFileSync(file, workspace.replace('description: Public API', 'descripton: Public API'));
    const errors = page.getByTestId('config-errors');
    await errors.waitFor({ timeout: 5_000 });
    await expect(errors.textContent()).resolves.toContain('zervigo.yaml:12:5');
    await expect(errors.textContent()).resolves.toContain('did you mean "description"?');
    await screenshot(page, 'e2e-config-invalid');

    // Signing in once per link: the link is spent, a fresh browser gets the sign-in screen.
    const stranger = await browser.newPage();
    await stranger.goto(serve.url);
    await stranger.getByText('zervigo token', { exact: false }).first().waitFor();
  });
});
