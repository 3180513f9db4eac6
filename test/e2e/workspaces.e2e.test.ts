import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/engine';
import { silentLogger } from '../../src/core/logger';
import { WorkspaceHost } from '../../src/core/workspace-host';
import { loadOrCreateToken } from '../../src/server/auth/api-token';
import { engineBackend } from '../../src/server/backend';
import { hostedBackends } from '../../src/server/hosted-backends';
import { startServer } from '../../src/server/server';
import { openBrowser, screenshot } from '../helpers/browser';
import { assertBuilt, repoRoot } from '../helpers/cli';
import { passwordOf } from '../helpers/people';
import { tempDir, writeFile } from '../helpers/temp-dir';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const asSystem = { actor: 'test', transport: 'internal' } as const;

/**
 * Several workspaces in Chromium: a person in both switches between them in the header and
 * sees each one's services; a person in one sees no switcher at all.
 */
describe('workspaces in the web console (Chromium)', () => {
  it('switches workspaces from the header; a member of one sees no switcher', async () => {
    assertBuilt();
    const dataDir = tempDir();
    const files = tempDir();
    const host = WorkspaceHost.start({
      dataDir,
      workspaces: [
        { name: 'shop', workspacePath: writeFile(files, 'shop.yaml', 'version: 1\nservices:\n  cart: {}\n') },
        { name: 'blog', workspacePath: writeFile(files, 'blog.yaml', 'version: 1\nservices:\n  posts: {}\n') },
      ],
      shell: 'server',
      logger: silentLogger,
      processEnv: {},
    });
    cleanups.push(() => host.stop());
    const shop = host.engines.get('shop') as Engine;
    const server = await startServer({
      workspaces: hostedBackends(['shop', 'blog'].map((name) => [name, engineBackend(host.engines.get(name) as Engine)] as const)),
      token: loadOrCreateToken(dataDir),
      port: 0,
      rendererDir: path.join(repoRoot, 'out', 'renderer'),
    });
    cleanups.push(() => server.close());
    await shop.dispatch('users.add', { name: 'pat', role: 'operator', workspace: 'shop', password: passwordOf('pat') }, asSystem);
    await shop.dispatch('users.setRole', { name: 'pat', role: 'viewer', workspace: 'blog' }, asSystem);
    await shop.dispatch('users.add', { name: 'sam', role: 'viewer', workspace: 'blog', password: passwordOf('sam') }, asSystem);

    const browser = await openBrowser();
    const signIn = async (name: string, width: number) => {
      const context = await browser.newContext({ viewport: { width, height: 800 } });
      cleanups.push(() => context.close());
      const page = await context.newPage();
      await page.goto(`${server.url}/#/services`);
      await page.getByTestId('sign-in-username').fill(name);
      await page.getByTestId('sign-in-password').fill(passwordOf(name));
      await page.getByTestId('sign-in-submit').click();
      return page;
    };

    const pat = await signIn('pat', 1440);
    // Signed in without naming a workspace, a person lands in their first (by name): blog.
    await pat.getByTestId('service-row-posts').waitFor();
    await expect(pat.getByTestId('workspace-switcher').textContent()).resolves.toBe('blog');
    await pat.getByTestId('workspace-switcher').click();
    await screenshot(pat, 'workspaces-switcher-1440');
    await pat.getByRole('menuitem', { name: /shop/ }).click();
    await pat.getByTestId('service-row-cart').waitFor();
    expect(new URL(pat.url()).pathname).toBe('/w/shop/');
    await expect(pat.getByTestId('workspace-switcher').textContent()).resolves.toBe('shop');

    const sam = await signIn('sam', 375);
    await sam.getByTestId('service-row-posts').waitFor();
    await expect(sam.getByTestId('workspace-switcher').count()).resolves.toBe(0);
    await screenshot(sam, 'workspaces-one-375');
  });
});
