import crypto from 'node:crypto';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine';
import { silentLogger } from '../../src/core/logger';
import { engineBackend } from '../../src/server/backend';
import { startServer } from '../../src/server/server';
import { openBrowser, screenshot } from '../helpers/browser';
import { assertBuilt, repoRoot } from '../helpers/cli';
import { freePort } from '../helpers/free-port';
import { startOidcProvider } from '../helpers/oidc-provider';
import { tempDir, writeFile } from '../helpers/temp-dir';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * Single sign-on in Chromium: the sign-in screen offers "Sign in with Corp SSO"; a click goes to
 * a real OpenID provider on 127.0.0.1, its login form is filled, and the console opens signed in
 * with the role the person's groups map to. A person in no mapped group, and a provider that is
 * down, come back to the sign-in screen with the reason.
 */
describe('single sign-on in the web console (Chromium)', () => {
  it('signs an operator in through the provider, and shows refusals on the sign-in screen', async () => {
    assertBuilt();
    const providerPort = await freePort();
    const downPort = await freePort();
    const secret = crypto.randomBytes(24).toString('base64url');
    const yaml = `version: 1
name: sso e2e
sso:
  providers:
    corp:
      name: Corp SSO
      issuer: http://127.0.0.1:${providerPort}
      client_id: zervigo
      client_secret: \${OIDC_SECRET}
      scopes: [openid, profile, email, groups]
      roles: { ops: operator, staff: viewer }
    down:
      name: Old SSO
      issuer: http://127.0.0.1:${downPort}
      client_id: zervigo
`;
    const engine = Engine.start({
      dataDir: tempDir(),
      workspacePath: writeFile(tempDir(), 'zervigo.yaml', yaml),
      shell: 'server',
      logger: silentLogger,
      processEnv: { OIDC_SECRET: secret },
    });
    cleanups.push(() => engine.stop());
    const server = await startServer({ backend: engineBackend(engine), port: 0, rendererDir: path.join(repoRoot, 'out', 'renderer') });
    cleanups.push(() => server.close());
    const provider = await startOidcProvider({
      port: providerPort,
      clientSecret: secret,
      redirectUris: [`${server.url}/auth/oidc/corp/callback`],
      accounts: [
        { login: 'otto', groups: ['ops'] },
        { login: 'carol', groups: ['marketing'] },
      ],
    });
    cleanups.push(() => provider.close());
    const browser = await openBrowser();

    const signInWithCorp = async (login: string) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      cleanups.push(() => context.close());
      const page = await context.newPage();
      await page.goto(`${server.url}/#/services`);
      await page.getByTestId('sign-in-sso-corp').click();
      await page.waitForURL((url) => url.href.startsWith(provider.issuer));
      await page.locator('input[name="login"]').fill(login);
      await page.locator('input[name="password"]').fill('any password');
      await page.locator('button[type="submit"]').click();
      await page.waitForURL((url) => url.href.startsWith(server.url));
      return page;
    };

    const operator = await signInWithCorp('otto');
    await operator.locator('[data-testid="user-menu"]').waitFor();
    await expect(operator.getByTestId('user-menu').getAttribute('data-role')).resolves.toBe('operator');
    await screenshot(operator, 'e2e-sso-operator');

    const refused = await signInWithCorp('carol');
    await refused.getByTestId('sign-in-sso-error').waitFor();
    await expect(refused.getByTestId('sign-in-sso-error').textContent()).resolves.toMatch(/carol.*none of the groups/);
    await screenshot(refused, 'e2e-sso-refused');

    await refused.getByTestId('sign-in-sso-down').click();
    await refused.getByTestId('sign-in-sso-error').waitFor();
    await expect(refused.getByTestId('sign-in-sso-error').textContent()).resolves.toMatch(/Old SSO could not be reached .*connection refused/);
    await expect(refused.getByTestId('sign-in-sso-down').textContent()).resolves.toBe('Sign in with Old SSO');
  }, 60_000);
});
