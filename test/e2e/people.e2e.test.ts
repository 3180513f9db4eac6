import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine';
import { silentLogger } from '../../src/core/logger';
import { loadOrCreateToken } from '../../src/server/auth/api-token';
import { engineBackend } from '../../src/server/backend';
import { startServer } from '../../src/server/server';
import { openBrowser, screenshot } from '../helpers/browser';
import { assertBuilt, repoRoot } from '../helpers/cli';
import { addPerson, passwordOf } from '../helpers/people';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * People in Chromium: a viewer and an operator sign in with their names and passwords on the
 * console's sign-in screen and see what each may do — the viewer's restart is disabled and says
 * why, the operator's works (and is audited with their name), and the workspace editor is
 * read-only to both (editing needs an admin), with its secrets masked.
 */
async function consoleWithPeople() {
  assertBuilt();
  const dataDir = tempDir();
  const yaml = `version: 1
name: people e2e
services:
  api:
    start: [node, -e, "setInterval(() => {}, 1000)"]
    env: { DB_PASSWORD: not-for-viewers-eyes }
`;
  const engine = Engine.start({ dataDir, workspacePath: writeFile(tempDir(), 'zervigo.yaml', yaml), shell: 'server', logger: silentLogger, processEnv: {} });
  cleanups.push(() => engine.stop());
  const server = await startServer({ backend: engineBackend(engine), token: loadOrCreateToken(dataDir), port: 0, rendererDir: path.join(repoRoot, 'out', 'renderer') });
  cleanups.push(() => server.close());
  await addPerson(engine, 'vera', 'viewer');
  await addPerson(engine, 'otto', 'operator');
  await waitFor(() => engine.services.list().find((service) => service.name === 'api')?.runtime?.phase === 'running', { what: 'api to run', timeoutMs: 10_000 });
  return { engine, server };
}

async function signIn(browser: Browser, url: string, name: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  cleanups.push(() => context.close());
  const page = await context.newPage();
  await page.goto(`${url}/#/services`);
  await page.getByTestId('sign-in-username').fill(name);
  await page.getByTestId('sign-in-password').fill(passwordOf(name));
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('service-row-api').waitFor();
  await page.locator(`[data-testid="user-menu"]`).waitFor();
  return page;
}

describe('people in the web console (Chromium)', () => {
  it('a viewer sees restart disabled with the reason; an operator restarts; both read the workspace without its secrets', async () => {
    const { engine, server } = await consoleWithPeople();
    const browser = await openBrowser();

    const viewer = await signIn(browser, server.url, 'vera');
    await expect(viewer.getByTestId('user-menu').getAttribute('data-role')).resolves.toBe('viewer');
    const restart = viewer.getByTestId('restart-api');
    await viewer.getByTestId('service-row-api').hover();
    await expect(restart.isDisabled()).resolves.toBe(true);
    await expect(restart.getAttribute('data-denied')).resolves.toBe('needs operator');
    // The reason, as a person sees it: hovering the disabled button shows the tooltip.
    await restart.hover();
    await viewer.getByText('Restart api: needs operator').waitFor();
    await expect(viewer.getByTestId('start-all').isDisabled()).resolves.toBe(true);
    await screenshot(viewer, 'e2e-people-viewer');
    await viewer.goto(`${server.url}/#/config`);
    await expect(viewer.getByTestId('config-read-only').textContent()).resolves.toBe('read-only (needs admin)');
    await viewer.getByTestId('config-editor').waitFor();
    const text = (await viewer.getByTestId('config-editor').textContent()) ?? '';
    expect(text).toContain('DB_PASSWORD: "••••••"');
    expect(text).not.toContain('not-for-viewers-eyes');

    const operator = await signIn(browser, server.url, 'otto');
    await expect(operator.getByTestId('user-menu').getAttribute('data-role')).resolves.toBe('operator');
    await operator.getByTestId('service-row-api').hover();
    await expect(operator.getByTestId('restart-api').isDisabled()).resolves.toBe(false);
    const pidBefore = engine.services.list().find((service) => service.name === 'api')?.runtime?.pid;
    await operator.getByTestId('restart-api').click();
    await waitFor(
      () => engine.operate.audit.list({ target: 'api', action: 'start', limit: 5 }).find((entry) => entry.actor === 'otto' && entry.outcome === 'ok'),
      { what: "otto's restart of api, audited with his name", timeoutMs: 15_000 },
    );
    expect(engine.services.list().find((service) => service.name === 'api')?.runtime?.pid).not.toBe(pidBefore);
    await operator.getByText('See the audit entry').first().waitFor();
    await screenshot(operator, 'e2e-people-operator');
    await operator.goto(`${server.url}/#/config`);
    await expect(operator.getByTestId('config-read-only').textContent()).resolves.toBe('read-only (needs admin)');
    await expect(operator.getByTestId('config-save').count()).resolves.toBe(0);
    await screenshot(operator, 'e2e-people-operator-config');

    // Signing out takes the viewer back to the sign-in screen, and the old cookie opens nothing.
    await viewer.getByTestId('user-menu').click();
    await viewer.getByTestId('sign-out').click();
    await viewer.getByTestId('sign-in').waitFor();
    expect(engine.operate.audit.list({ action: 'sign_out', limit: 1 })[0]).toMatchObject({ actor: 'vera' });
  }, 60_000);
});
