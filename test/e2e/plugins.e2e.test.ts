import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import * as tar from 'tar';
import { afterEach, describe, expect, it } from 'vitest';
import { openBrowser, screenshot } from '../helpers/browser';
import { startServe } from '../helpers/cli';
import { pluginFolder } from '../helpers/plugin-folder';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { horizontalOffenders, settled } from './layout-fit';
import { screenshotsAtEverySize } from './screens';

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A probe kind that opens a TCP connection, as a third party would ship it (CommonJS). */
const portOpenPlugin = `const net = require('node:net');
module.exports = { probes: { portopen: { check(options) {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect({ host: '127.0.0.1', port: options.port });
    socket.once('connect', () => { socket.destroy(); resolve({ ok: true, samples: [{ name: 'portopen_connect_ms', value: Date.now() - started }] }); });
    socket.once('error', (error) => resolve({ ok: false, reason: 'portopen: ' + error.code + ' on port ' + options.port }));
  });
} } } };`;

/** npm pack's layout (the package under package/, gzipped), made without npm or the network. */
async function packed(folder: string): Promise<string> {
  const out = tempDir();
  fs.cpSync(folder, path.join(out, 'package'), { recursive: true });
  const file = path.join(out, 'zervigo-plugin-portopen-1.2.0.tgz');
  await tar.c({ gzip: true, file, cwd: out }, ['package']);
  return file;
}

describe('plugins in the web console (zervigo serve in Chromium)', () => {
  it('installs a plugin from a tarball by its path, asks to trust its capabilities, and a probe of its kind goes live', async () => {
    const listener = net.createServer((socket) => socket.end());
    servers.push(listener);
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const port = (listener.address() as net.AddressInfo).port;
    const tarball = await packed(
      pluginFolder({
        id: 'portopen',
        version: '1.2.0',
        main: portOpenPlugin,
        contributes: {
          probes: {
            portopen: { summary: 'Connects to a TCP port', options: { type: 'object', required: ['port'], properties: { port: { type: 'integer' } } } },
          },
        },
        capabilities: { network: [`127.0.0.1:${port}`], read: ['/etc/hosts'] },
      }),
    );
    const dir = tempDir();
    const file = writeFile(dir, 'zervigo.yaml', 'version: 1\nname: plugged\nmachine: false\nservices:\n  docs:\n    description: Nothing checks it yet\n');
    const serve = await startServe(['--port', '0', '--data-dir', tempDir()], { cwd: dir });
    const browser = await openBrowser();
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(serve.loginLink);
    await page.goto(`${serve.url}/#/settings`);
    await page.getByTestId('plugins-empty').waitFor();

    // A path that is not there is refused in place, the path kept to be corrected.
    await page.getByTestId('plugin-install-source').fill(`${tarball}.missing`);
    await page.getByTestId('plugin-install').click();
    await page.getByText(`${tarball}.missing does not exist`).waitFor();
    await expect(page.getByTestId('plugin-install-source').inputValue()).resolves.toBe(`${tarball}.missing`);

    await page.getByTestId('plugin-install-source').fill(tarball);
    await page.getByTestId('plugin-install').click();
    // Installed, not running: the trust dialog lists what it may do before any of its code runs.
    const dialog = page.getByTestId('plugin-trust-dialog');
    await dialog.waitFor();
    await expect(page.getByTestId('plugin-row-portopen').getAttribute('data-state')).resolves.toBe('disabled');
    await expect(dialog.getByTestId('plugin-trust-capability').allTextContents()).resolves.toEqual([
      `Connect to 127.0.0.1:${port} (shown, not enforced)`,
      'Read /etc/hosts',
    ]);
    await expect(dialog.textContent()).resolves.toContain('zervigo-plugin-portopen 1.2.0 adds probe portopen.');
    await screenshotsAtEverySize(page, 'plugins-trust', () => dialog.waitFor());
    await dialog.getByTestId('plugin-trust-accept').click();
    await dialog.waitFor({ state: 'hidden' });
    // plugins.changed brings it up without a reload.
    await page.locator('[data-testid="plugin-row-portopen"][data-state="ready"]').waitFor({ timeout: 15_000 });
    await expect(page.getByTestId('plugin-state-portopen').textContent()).resolves.toBe('running');
    await expect(page.getByTestId('plugin-adds-portopen').textContent()).resolves.toBe('adds probe portopen');
    await screenshotsAtEverySize(page, 'plugins-list', () => page.locator('[data-testid="plugin-row-portopen"][data-state="ready"]').waitFor());
    // The smallest phone: the list becomes cards, nothing sticks out sideways.
    await page.setViewportSize({ width: 375, height: 812 });
    await settled(page);
    await expect(horizontalOffenders(page)).resolves.toEqual([]);
    await screenshot(page, 'plugins-list-375-light');
    await page.setViewportSize({ width: 1440, height: 900 });

    // A probe of its kind, added in the workspace editor and saved through the diff.
    await page.goto(`${serve.url}/#/config`);
    const editor = page.getByTestId('config-editor');
    await editor.waitFor();
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText(`  gate:\n    probes:\n      - portopen: { port: ${port} }\n        every: 300ms\n        timeout: 250ms\n`);
    await page.getByTestId('config-save').click();
    await page.getByRole('dialog').getByTestId('save-dialog-save').click();
    await page.getByText('Workspace saved').waitFor();
    expect(fs.readFileSync(file, 'utf8')).toContain(`- portopen: { port: ${port} }`);

    // Live on the overview and on the service's page, like a built-in probe.
    await page.goto(`${serve.url}/#/`);
    const card = page.getByTestId('service-card-gate');
    await card.and(page.locator('[data-status="up"]')).waitFor({ timeout: 15_000 });
    await card.click();
    await page.getByTestId('service-page-gate').waitFor();
    await page.getByRole('tab', { name: /Probes/ }).click();
    await page.getByTestId('probe-row-gate/portopen#0').and(page.locator('[data-status="up"]')).waitFor({ timeout: 10_000 });

    // Its target going away makes the probe down with the plugin's own reason.
    await new Promise((resolve) => listener.close(resolve));
    servers.splice(0);
    await page.getByTestId('probe-row-gate/portopen#0').and(page.locator('[data-status="down"]')).waitFor({ timeout: 10_000 });
    await expect(page.getByTestId('probe-row-gate/portopen#0').textContent()).resolves.toContain('ECONNREFUSED');

    // Disabling needs no trust; enabling again does not ask a second time; removing asks first.
    await page.goto(`${serve.url}/#/settings`);
    await page.getByTestId('plugin-disable-portopen').click();
    await page.locator('[data-testid="plugin-row-portopen"][data-state="disabled"]').waitFor();
    await page.getByTestId('plugin-enable-portopen').click();
    await page.locator('[data-testid="plugin-row-portopen"][data-state="ready"]').waitFor({ timeout: 15_000 });
    await expect(dialog.count()).resolves.toBe(0);
    await page.getByTestId('plugin-remove-portopen').click();
    await page.getByTestId('confirm-action').click();
    await page.getByTestId('plugins-empty').waitFor();
  }, 120_000);
});
