import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine';
import { silentLogger } from '../../src/core/logger';
import { engineBackend } from '../../src/server/backend';
import { startServer } from '../../src/server/server';
import type { AuditEntry } from '../../src/shared/types/operate';
import { CookieBrowser } from '../helpers/cookie-browser';
import { freePort } from '../helpers/free-port';
import { startOidcProvider } from '../helpers/oidc-provider';
import { addPerson, passwordOf } from '../helpers/people';
import { tempDir, writeFile } from '../helpers/temp-dir';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const asSystem = { actor: 'test', transport: 'internal' } as const;
/** A second client secret written into the file as it is, to see it masked. */
const LITERAL_SECRET = 'literal-client-secret-0123456789';

/**
 * A Zervigo server whose workspace names two providers: corp (a real oidc-provider on 127.0.0.1,
 * its secret from ${OIDC_SECRET}) and down (a port nothing listens on).
 */
async function setUp(options: { endSession?: boolean } = {}) {
  const providerPort = await freePort();
  const downPort = await freePort();
  const secret = crypto.randomBytes(24).toString('base64url');
  const workspace = `version: 1
sso:
  providers:
    corp:
      name: Corp SSO
      issuer: http://127.0.0.1:${providerPort}
      client_id: zervigo
      client_secret: \${OIDC_SECRET}
      scopes: [openid, profile, email, groups]
      roles: { ops-admins: admin, ops: operator, staff: viewer }
    down:
      issuer: http://127.0.0.1:${downPort}
      client_id: zervigo
      client_secret: ${LITERAL_SECRET}
`;
  const engine = Engine.start({
    dataDir: tempDir(),
    workspacePath: writeFile(tempDir(), 'zervigo.yaml', workspace),
    shell: 'server',
    logger: silentLogger,
    processEnv: { OIDC_SECRET: secret },
  });
  cleanups.push(() => engine.stop());
  expect(engine.workspace.view().error).toBeNull();
  const server = await startServer({ backend: engineBackend(engine), port: 0, rendererDir: null, signInThrottle: { maxFailures: 100 } });
  cleanups.push(() => server.close());
  const provider = await startOidcProvider({
    port: providerPort,
    clientSecret: secret,
    redirectUris: [`${server.url}/auth/oidc/corp/callback`],
    postLogoutRedirectUris: [`${server.url}/`],
    endSession: options.endSession,
    accounts: [
      { login: 'alice', groups: ['ops', 'staff'] },
      { login: 'bob', groups: ['ops-admins'] },
      { login: 'carol', groups: ['marketing'] },
    ],
  });
  cleanups.push(() => provider.close());

  /** Clicks "Sign in with Corp SSO", fills the provider's form, and follows the browser back. */
  const signIn = async (login: string, browser = new CookieBrowser(), options: { stopAtCallback?: boolean } = {}) => {
    const form = await browser.go(`${server.url}/auth/oidc/corp/start`);
    expect(form.url.startsWith(provider.issuer)).toBe(true);
    const action = /<form[^>]*action="([^"]+)"/.exec(await form.response.text())?.[1];
    expect(action).toBeDefined();
    const back = await browser.go(
      new URL(action as string, form.url).href,
      { prompt: 'login', login, password: 'any' },
      {
        stopAt: options.stopAtCallback === true ? (url) => url.pathname === '/auth/oidc/corp/callback' : undefined,
      },
    );
    return { browser, ...back, session: browser.cookie('127.0.0.1', 'zervigo_session') };
  };
  const rpc = (command: string, session: string | undefined, input?: unknown) =>
    fetch(`${server.url}/api/v1/rpc/${command}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(session === undefined ? {} : { cookie: `zervigo_session=${session}` }) },
      body: input === undefined ? '' : JSON.stringify(input),
    });
  /** What the sign-in page shows this browser: the buttons and its last failure. */
  const signInPage = async (browser: CookieBrowser) =>
    (await (await browser.go(`${server.url}/api/v1/sso/providers`)).response.json()) as { providers: { id: string; name: string }[]; error: string | null };
  const audit = async (): Promise<AuditEntry[]> => (await engine.dispatch('audit.list', { action: 'sign_in', limit: 50 }, asSystem)) as AuditEntry[];
  /** The console's Sign out, as the browser posts it. */
  const signOut = (session: string | undefined) =>
    fetch(`${server.url}/api/v1/logout`, {
      method: 'POST',
      headers: { cookie: `zervigo_session=${session ?? ''}`, 'content-type': 'application/json' },
      body: '{}',
    });
  return { engine, server, provider, secret, signIn, signOut, rpc, signInPage, audit };
}

type Setup = Awaited<ReturnType<typeof setUp>>;

/** A refused sign-in: no session, the reason on the sign-in page, an audit entry naming the provider, no secret anywhere. */
async function expectRefused(setup: Setup, attempt: Awaited<ReturnType<Setup['signIn']>>, reason: RegExp) {
  expect(attempt.session).toBeUndefined();
  expect(new URL(attempt.url).pathname).toBe('/');
  const page = await setup.signInPage(attempt.browser);
  expect(page.error).toMatch(reason);
  expect((await setup.signInPage(attempt.browser)).error).toBeNull(); // shown once
  const entry = (await setup.audit()).find((item) => item.outcome !== 'ok');
  expect(entry).toMatchObject({ action: 'sign_in', outcome: 'failed', details: { method: 'oidc', provider: 'corp' } });
  expect(entry?.message).toMatch(reason);
  const everything = JSON.stringify([page, await setup.audit()]);
  expect(everything).not.toContain(setup.secret);
  expect(everything).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./); // no token
  return entry as AuditEntry;
}

describe('single sign-on with OpenID Connect against a real provider', () => {
  it('signs a person in with their groups mapped to a role: the session may do what the role allows and gets 403 naming the permission otherwise', async () => {
    const setup = await setUp();
    const { signIn, rpc, audit, engine } = setup;
    expect((await setup.signInPage(new CookieBrowser())).providers).toEqual([
      { id: 'corp', name: 'Corp SSO' },
      { id: 'down', name: 'down' },
    ]);

    const alice = await signIn('alice');
    expect(alice.session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(alice.visited.some((url) => url.includes('/auth/oidc/corp/callback?code='))).toBe(true);
    const me: unknown = await (await rpc('auth.me', alice.session)).json();
    expect(me).toMatchObject({ kind: 'person', user: 'alice', role: 'operator', method: 'oidc' });

    expect((await rpc('services.stop', alice.session, { services: [] })).status).toBe(200);
    const refused = await rpc('workspace.save', alice.session, { content: 'version: 1\n' });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/configure/);

    const bob = await signIn('bob');
    expect(await (await rpc('auth.me', bob.session)).json()).toMatchObject({ user: 'bob', role: 'admin', method: 'oidc' });

    const people = (await engine.dispatch('users.list', {}, asSystem)) as { name: string; sso: string | null; hasPassword: boolean; memberships: unknown[] }[];
    expect(people.find((person) => person.name === 'alice')).toMatchObject({
      sso: setup.provider.issuer,
      hasPassword: false,
      memberships: [{ workspace: 'default', role: 'operator' }],
    });
    const entry = (await audit()).find((item) => item.target === 'alice');
    expect(entry).toMatchObject({ actor: 'alice', outcome: 'ok', details: { method: 'oidc', provider: 'corp', role: 'operator' } });
    expect(entry?.message).toMatch(/Corp SSO .*operator.*group ops/);

    // The same person again is the same account, not a second one, with the role their groups give now.
    (setup.provider.accounts.get('alice') as { groups: string[] }).groups = ['staff'];
    const again = await signIn('alice');
    expect(await (await rpc('auth.me', again.session)).json()).toMatchObject({ user: 'alice', role: 'viewer' });
    expect(((await engine.dispatch('users.list', {}, asSystem)) as unknown[]).length).toBe(people.length);
  });

  it('signing out of a single sign-on session ends it at the provider too (RP-initiated logout), with the ID token as hint and the way back', async () => {
    const setup = await setUp();
    const alice = await setup.signIn('alice');
    const logout = await setup.signOut(alice.session);
    expect(logout.status).toBe(200);
    const redirect = new URL(((await logout.json()) as { redirect: string }).redirect);
    expect(`${redirect.origin}${redirect.pathname}`).toBe(`${setup.provider.issuer}/session/end`);
    expect(redirect.searchParams.get('post_logout_redirect_uri')).toBe(`${setup.server.url}/`);
    const idToken = redirect.searchParams.get('id_token_hint') as string;
    expect(idToken).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    expect((await setup.rpc('auth.me', alice.session)).status).toBe(401); // ended here first
    await alice.browser.go(redirect.href);
    expect(setup.provider.endSessionCalls).toEqual([expect.objectContaining({ id_token_hint: idToken, post_logout_redirect_uri: `${setup.server.url}/` })]);
    const audit = JSON.stringify(await setup.engine.dispatch('audit.list', { limit: 100 }, asSystem));
    expect(audit).toContain('signed out');
    expect(audit).not.toContain(idToken);
  });

  it('signs out here only when the provider has no end_session_endpoint', async () => {
    const setup = await setUp({ endSession: false });
    const alice = await setup.signIn('alice');
    const logout = await setup.signOut(alice.session);
    expect(logout.status).toBe(204);
    expect((await setup.rpc('auth.me', alice.session)).status).toBe(401);
    expect(setup.provider.endSessionCalls).toEqual([]);
  });

  it('refuses a person in none of the mapped groups, naming them and the provider', async () => {
    const setup = await setUp();
    const entry = await expectRefused(setup, await setup.signIn('carol'), /carol.*none of the groups.*marketing/);
    expect(entry.actor).toBe('carol (Corp SSO)');
  });

  it('refuses an ID token with a bad signature', async () => {
    const setup = await setUp();
    setup.provider.tamper = { kind: 'forge', claims: (claims) => ({ ...claims, groups: ['ops-admins'] }) };
    await expectRefused(setup, await setup.signIn('carol'), /bad signature/);
  });

  it('refuses an ID token issued to another client (wrong audience)', async () => {
    const setup = await setUp();
    setup.provider.tamper = { kind: 'resign', claims: (claims) => ({ ...claims, aud: 'another-client' }) };
    await expectRefused(setup, await setup.signIn('alice'), /another client \(wrong audience\)/);
  });

  it('refuses an expired ID token', async () => {
    const setup = await setUp();
    const past = Math.floor(Date.now() / 1000) - 7200;
    setup.provider.tamper = { kind: 'resign', claims: (claims) => ({ ...claims, iat: past, exp: past + 600 }) };
    await expectRefused(setup, await setup.signIn('alice'), /expired/);
  });

  it("refuses an ID token of another sign-in (wrong nonce) and a provider's answer brought to another browser (wrong state)", async () => {
    const setup = await setUp();
    setup.provider.tamper = { kind: 'resign', claims: (claims) => ({ ...claims, nonce: 'a-nonce-of-another-sign-in' }) };
    await expectRefused(setup, await setup.signIn('alice'), /nonce mismatch/);

    setup.provider.tamper = { kind: 'none' };
    const started = await setup.signIn('alice', new CookieBrowser(), { stopAtCallback: true });
    expect(new URL(started.url).pathname).toBe('/auth/oidc/corp/callback');
    const elsewhere = new CookieBrowser();
    const replayed = await elsewhere.go(started.url);
    await expectRefused(setup, { browser: elsewhere, ...replayed, session: elsewhere.cookie('127.0.0.1', 'zervigo_session') }, /state mismatch/);
    // The browser that began it could still finish, once.
    const finished = await started.browser.go(started.url);
    expect(started.browser.cookie('127.0.0.1', 'zervigo_session')).toBeDefined();
    expect(new URL(finished.url).pathname).toBe('/');
  });

  it('says clearly on the sign-in page when a provider is down, audits it, and leaks nothing', async () => {
    const setup = await setUp();
    const browser = new CookieBrowser();
    const attempt = await browser.go(`${setup.server.url}/auth/oidc/down/start`);
    expect(new URL(attempt.url).pathname).toBe('/');
    expect(browser.cookie('127.0.0.1', 'zervigo_session')).toBeUndefined();
    const page = await setup.signInPage(browser);
    expect(page.error).toMatch(/^Sign-in with down is not available: down could not be reached at http:\/\/127\.0\.0\.1:\d+ \(connection refused\)/);
    const entry = (await setup.audit()).find((item) => item.outcome === 'failed');
    expect(entry).toMatchObject({ target: 'sign-in with down', details: { method: 'oidc', provider: 'down' } });
    expect(JSON.stringify([page, await setup.audit()])).not.toContain(LITERAL_SECRET);
  });

  it("masks the providers' client secrets for a viewer", async () => {
    const setup = await setUp();
    await addPerson(setup.engine, 'vera', 'viewer');
    const login = await fetch(`${setup.server.url}/api/v1/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'vera', password: passwordOf('vera') }),
    });
    const session = /zervigo_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1];
    const view = (await (await setup.rpc('workspace.get', session)).json()) as { content: string };
    expect(view.content).toContain('client_secret: "••••••"');
    expect(view.content).not.toContain(LITERAL_SECRET);
    expect(view.content).toContain('client_secret: ${OIDC_SECRET}');
  });
});
