import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runCli, startServe, stopProcess } from '../helpers/cli';
import { CookieBrowser } from '../helpers/cookie-browser';
import { freePort } from '../helpers/free-port';
import { startOidcProvider } from '../helpers/oidc-provider';
import { tempDir, writeFile } from '../helpers/temp-dir';

const ssoSection = (indent: string, providerPort: number, secret: string) =>
  [
    'sso:',
    '  providers:',
    '    corp:',
    '      name: Corp SSO',
    `      issuer: http://127.0.0.1:${providerPort}`,
    '      client_id: zervigo',
    `      client_secret: ${secret}`,
    '      scopes: [openid, profile, email, groups]',
    '      roles: { ops: operator }',
  ]
    .map((line) => `${indent}${line}`)
    .join('\n');

/** `zervigo serve` of shop and blog on a known port, with a real OpenID provider on 127.0.0.1 that knows its callback. */
async function serveWithProvider(serverSso: boolean, shopYaml: (providerPort: number) => string, blogYaml = 'version: 1\n') {
  const providerPort = await freePort();
  const port = await freePort();
  const secret = crypto.randomBytes(24).toString('base64url');
  const dir = tempDir();
  writeFile(dir, 'shop.yaml', shopYaml(providerPort));
  writeFile(dir, 'blog.yaml', blogYaml);
  const server = `${serverSso ? `${ssoSection('', providerPort, '${OIDC_SECRET}')}\n` : ''}workspaces:\n  shop: { file: shop.yaml }\n  blog: { file: blog.yaml }\n`;
  writeFile(dir, 'server.yaml', server);
  const serve = await startServe(['--port', String(port), '--data-dir', tempDir(), '--workspaces', 'server.yaml'], {
    cwd: dir,
    env: { OIDC_SECRET: secret },
  });
  const provider = await startOidcProvider({
    port: providerPort,
    clientSecret: secret,
    redirectUris: [`${serve.url}/auth/oidc/corp/callback`],
    accounts: [{ login: 'otto', groups: ['ops'] }],
  });
  const signIn = async (login: string) => {
    const browser = new CookieBrowser();
    const form = await browser.go(`${serve.url}/w/shop/auth/oidc/corp/start`);
    expect(form.url.startsWith(provider.issuer)).toBe(true);
    const action = /<form[^>]*action="([^"]+)"/.exec(await form.response.text())?.[1] as string;
    await browser.go(new URL(action, form.url).href, { prompt: 'login', login, password: 'any' });
    return browser.cookie('127.0.0.1', 'zervigo_session');
  };
  const me = async (session: string | undefined) =>
    (await (await fetch(`${serve.url}/w/shop/api/v1/auth/me`, { headers: { cookie: `zervigo_session=${session ?? ''}` } })).json()) as Record<string, unknown>;
  return { serve, provider, dir, secret, signIn, me, providerPort };
}

describe('single sign-on is the server’s', () => {
  it("reads the providers from the server's workspaces file (secret from ${VAR}): a person signs in with the role their groups map to", async () => {
    const { serve, provider, signIn, me, secret } = await serveWithProvider(true, () => 'version: 1\n');
    try {
      expect(serve.output()).toContain("sign-in    single sign-on with corp (the server's workspaces file)");
      expect(serve.output()).not.toContain('warning');
      expect(serve.output()).not.toContain(secret);
      const providers = (await (await fetch(`${serve.url}/api/v1/sso/providers`)).json()) as { providers: unknown[] };
      expect(providers.providers).toEqual([{ id: 'corp', name: 'Corp SSO' }]);
      expect(await me(await signIn('otto'))).toMatchObject({ user: 'otto', workspace: 'shop', role: 'operator', method: 'oidc' });
    } finally {
      expect(await stopProcess(serve.child)).toBe(0);
      await provider.close();
    }
  }, 90_000);

  it("still reads the first workspace's sso: when the server's file names none, saying it is deprecated; another workspace's is ignored, said so", async () => {
    const { serve, provider, signIn, me } = await serveWithProvider(
      false,
      (providerPort) => `version: 1\n${ssoSection('', providerPort, '${OIDC_SECRET}')}\n`,
      `version: 1\n${ssoSection('', 1, 'whatever')}\n`,
    );
    try {
      expect(serve.output()).toMatch(
        /warning {4}sso: in \S+shop\.yaml \(workspace shop\) is deprecated: sign-in is the server's; move it to the server's workspaces file \(--workspaces FILE, top level sso:\)/,
      );
      expect(serve.output()).toMatch(/warning {4}sso: in \S+blog\.yaml \(workspace blog\) is ignored: a server reads only the first workspace's/);
      expect(await me(await signIn('otto'))).toMatchObject({ user: 'otto', role: 'operator' });
    } finally {
      expect(await stopProcess(serve.child)).toBe(0);
      await provider.close();
    }
  }, 90_000);

  it('refuses a server file whose client secret names a variable that is not set, at file:line:col', () => {
    const dir = tempDir();
    writeFile(dir, 'server.yaml', `${ssoSection('', 1, '${NOT_SET_ANYWHERE}')}\nworkspaces:\n  shop: {}\n`);
    const result = runCli(['serve', '--port', '0', '--data-dir', tempDir(), '--workspaces', 'server.yaml'], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `zervigo: server.yaml:7:22: sso.providers.corp.client_secret: \${NOT_SET_ANYWHERE} is not set in the environment's vars or the process environment\n`,
    );
  });
});
