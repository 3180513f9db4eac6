import type { Browser, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { openBrowser, screenshot } from '../helpers/browser';
import { addPerson, passwordOf } from '../helpers/people';
import { waitFor } from '../helpers/wait-for';
import { startConsole } from './console-in-browser';

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
  const yaml = `version: 1
name: people e2e
services:
  api:
    start: [node, -e, "setInterval(() => {}, 1000)"]
    env: { DB_PASSWORD: not-for-viewers-eyes }
`;
  const { engine, server } = await startConsole(yaml);
  await addPerson(engine, 'vera', 'viewer');
  await addPerson(engine, 'otto', 'operator');
  await addPerson(engine, 'ada', 'admin');
  await waitFor(() => engine.services.list().find((service) => service.name === 'api')?.runtime?.phase === 'running', {
    what: 'api to run',
    timeoutMs: 10_000,
  });
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
    // People is an admin's page: not in a viewer's navigation, and opened by its address it says why.
    await expect(viewer.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'People' }).count()).resolves.toBe(0);
    await viewer.goto(`${server.url}/#/people`);
    await expect(viewer.getByTestId('people-denied').textContent()).resolves.toContain('needs admin');
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

describe('people management in the web console (Chromium)', () => {
  it('an admin adds a person, changes a role, creates a token shown once and revokes it; the audit names the admin', async () => {
    const { engine, server } = await consoleWithPeople();
    const browser = await openBrowser();
    const admin = await signIn(browser, server.url, 'ada');
    await admin.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'People' }).click();
    await admin.getByTestId('person-vera').waitFor();
    await expect(admin.getByTestId('person-ada').textContent()).resolves.toContain('you');

    await admin.getByTestId('add-person').click();
    await admin.getByTestId('add-name').fill('pia');
    await admin.getByTestId('add-role').getByText('operator').click();
    await admin.getByTestId('add-password').fill(passwordOf('pia'));
    await admin.getByTestId('add-submit').click();
    await admin.getByTestId('person-pia').waitFor();
    expect(engine.auth.store.userByName('pia')).toBeDefined();

    // vera becomes an operator.
    await admin.getByTestId('role-vera').click();
    await admin.getByRole('option', { name: 'operator' }).click();
    await waitFor(() => engine.operate.audit.list({ target: 'vera', limit: 5 }).find((entry) => entry.actor === 'ada' && entry.action === 'user.role'), {
      what: "ada's role change of vera, audited",
      timeoutMs: 10_000,
    });

    await admin.getByTestId('create-token').click();
    await admin.getByTestId('token-user').click();
    await admin.getByRole('option', { name: 'otto' }).click();
    await admin.getByTestId('token-name').fill('ci');
    await admin.getByTestId('token-create').click();
    const secret = (await admin.getByTestId('created-token').textContent()) ?? '';
    expect(secret.length).toBeGreaterThan(30);
    const answer = await fetch(`${server.url}/api/v1/services`, { headers: { authorization: `Bearer ${secret}` } });
    expect(answer.status).toBe(200);
    await admin.getByRole('button', { name: 'Done' }).click();
    await screenshot(admin, 'e2e-people-admin');

    await admin.getByTestId('revoke-ci').click();
    await admin.getByTestId('confirm-action').click();
    await waitFor(async () => (await fetch(`${server.url}/api/v1/services`, { headers: { authorization: `Bearer ${secret}` } })).status === 401, {
      what: 'the revoked token to be refused',
      timeoutMs: 10_000,
    });
  }, 60_000);
});
