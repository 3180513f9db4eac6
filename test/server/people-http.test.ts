import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Engine } from '../../src/core/engine';
import { silentLogger } from '../../src/core/logger';
import { loadOrCreateToken } from '../../src/server/auth/api-token';
import { engineBackend } from '../../src/server/backend';
import { startServer } from '../../src/server/server';
import { FakeClock } from '../helpers/fake-clock';
import { addPerson, createToken, passwordOf } from '../helpers/people';
import { tempDir, writeFile } from '../helpers/temp-dir';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const WORKSPACE = `version: 1
environments:
  prod: { vars: { DB_PASSWORD: hunter2-is-secret } }
services:
  api: { env: { GITHUB_TOKEN: ghp_abcdefghijklmnopqrstuvwxyz0123456789, PORT: "8080" } }
channels:
  slack-ops: { slack: { webhook: "https://hooks.slack.com/services/T0/B0/very-secret-path" } }
  oncall: { email: { smtp: "smtp://zervigo:mail-password@127.0.0.1:2525", to: [oncall@example.com] } }
`;

/** A server on an engine whose clock the test moves by jumps (no simulated ticks in between). */
async function serve() {
  const clock = new FakeClock(Date.now());
  const dataDir = tempDir();
  const engine = Engine.start({
    dataDir,
    workspacePath: writeFile(tempDir(), 'zervigo.yaml', WORKSPACE),
    shell: 'server',
    logger: silentLogger,
    processEnv: {},
    clock,
  });
  cleanups.push(() => engine.stop());
  const token = loadOrCreateToken(dataDir);
  const server = await startServer({ backend: engineBackend(engine), token, port: 0, rendererDir: null, clock });
  cleanups.push(() => server.close());
  await addPerson(engine, 'vera', 'viewer');
  await addPerson(engine, 'otto', 'operator');
  const login = (body: unknown) =>
    fetch(`${server.url}/api/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const signIn = async (name: string): Promise<string> => {
    const response = await login({ username: name, password: passwordOf(name) });
    expect(response.status).toBe(204);
    return (response.headers.get('set-cookie') ?? '').split(';')[0] as string;
  };
  const rpc = (command: string, headers: Record<string, string>, input?: unknown) =>
    fetch(`${server.url}/api/v1/rpc/${command}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: input === undefined ? '' : JSON.stringify(input),
    });
  const owner = { authorization: `Bearer ${token}` };
  const jump = (ms: number) => clock.set(clock.now() + ms);
  return { engine, server, clock, token, owner, login, signIn, rpc, jump };
}

const errorOf = async (response: Response) => ((await response.json()) as { error: { code: string; message: string } }).error;

describe('people signing in over HTTP', () => {
  it('signs in with name and password into an HttpOnly, SameSite=Strict session cookie; sign-out ends it', async () => {
    const { login, rpc } = await serve();
    const response = await login({ username: 'vera', password: passwordOf('vera') });
    expect(response.status).toBe(204);
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^zervigo_session=[A-Za-z0-9_-]{43}; Max-Age=604800; Path=\/; HttpOnly; SameSite=Strict$/);
    const cookie = { cookie: setCookie.split(';')[0] as string };
    const me = await rpc('auth.me', cookie);
    expect(await me.json()).toMatchObject({
      kind: 'person',
      user: 'vera',
      name: 'vera',
      role: 'viewer',
      method: 'password',
      permissions: ['signed_in', 'view', 'account'],
    });
    const out = await fetch(new URL('/api/v1/logout', response.url), { method: 'POST', headers: cookie });
    expect(out.status).toBe(204);
    const after = await rpc('auth.me', cookie);
    expect(after.status).toBe(401);
    expect((await errorOf(after)).message).toBe('this session has ended (signed out, or not one of ours): sign in again');
  });

  it('marks the cookie Secure when the request came over TLS', async () => {
    const { server } = await serve();
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/login',
      headers: { host: '127.0.0.1', 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      payload: { username: 'vera', password: passwordOf('vera') },
      remoteAddress: '127.0.0.1',
    });
    // Fastify only trusts x-forwarded-proto behind a configured proxy: over plain HTTP there is no Secure flag.
    expect(String(response.headers['set-cookie'])).not.toMatch(/Secure/);
  });

  it('refuses a wrong password, a forged cookie, and a session past its idle or absolute time', async () => {
    const { login, rpc, signIn, jump } = await serve();
    const wrong = await login({ username: 'vera', password: 'not the password at all' });
    expect(wrong.status).toBe(401);
    expect(await errorOf(wrong)).toEqual({ code: 'unauthorized', message: 'wrong username or password' });
    const forged = await rpc('auth.me', { cookie: `zervigo_session=${'A'.repeat(43)}` });
    expect(forged.status).toBe(401);

    const cookie = { cookie: await signIn('vera') };
    jump(11 * 3_600_000);
    expect((await rpc('auth.me', cookie)).status).toBe(200);
    jump(12 * 3_600_000 + 1_000);
    const idle = await rpc('auth.me', cookie);
    expect(idle.status).toBe(401);
    expect((await errorOf(idle)).message).toBe('your session has expired (it was unused for over 12 h): sign in again');

    const busy = { cookie: await signIn('vera') };
    // Used every 11 hours: never idle, yet over after 7 days (15 × 11 h = 165 h; 176 h is past 168 h).
    for (let step = 1; step <= 16; step++) {
      jump(11 * 3_600_000);
      const response = await rpc('auth.me', busy);
      expect(response.status, `after ${step * 11} h`).toBe(step < 16 ? 200 : 401);
      if (step === 16) expect((await errorOf(response)).message).toBe('your session has expired (it is over 7 d old): sign in again');
    }
  });

  it('locks an account after 10 failures (through the per-address throttle), says so, and an admin unlocks it over the API', async () => {
    const { engine, login, rpc, owner, jump } = await serve();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 10; attempt++) {
      if (attempt === 5) jump(61_000); // the per-address throttle (5 a minute) would answer 429 first
      statuses.push((await login({ username: 'otto', password: `wrong password ${attempt}` })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 401, 423]);
    jump(61_000);
    const locked = await login({ username: 'otto', password: passwordOf('otto') });
    expect(locked.status).toBe(423);
    expect(await errorOf(locked)).toMatchObject({
      code: 'account_locked',
      message: expect.stringMatching(
        /^the account otto is locked after 10 failed sign-ins within 15 min; it unlocks at .+ \(zervigo users unlock otto\)$/,
      ) as unknown,
    });
    const unlock = await fetch(new URL('/api/v1/users/otto/unlock', locked.url), { method: 'POST', headers: owner });
    expect(unlock.status).toBe(200);
    expect((await login({ username: 'otto', password: passwordOf('otto') })).status).toBe(204);
    const audit = engine.operate.audit.list({ action: 'sign_in', limit: 20 }).map((entry) => entry.outcome);
    expect(audit.slice(0, 3)).toEqual(['ok', 'refused', 'refused']);
    expect(audit.filter((outcome) => outcome === 'failed')).toHaveLength(9);
    expect((await rpc('users.list', owner)).status).toBe(200);
  });

  it('answers 403 naming the permission, and audits the refusal with the person', async () => {
    const { engine, rpc, signIn } = await serve();
    const refused = await rpc('services.restart', { cookie: await signIn('vera') }, { services: ['api'] });
    expect(refused.status).toBe(403);
    expect(await errorOf(refused)).toEqual({
      code: 'forbidden',
      message: 'services.restart needs the operate permission; you are a viewer',
      details: { permission: 'operate', needs: 'operator', role: 'viewer' },
    });
    expect(engine.operate.audit.list({ limit: 1 })[0]).toMatchObject({
      actor: 'vera',
      action: 'services.restart',
      outcome: 'refused',
      message: 'services.restart needs the operate permission; you are a viewer',
    });
    const silence = await rpc(
      'silences.create',
      { cookie: await signIn('otto') },
      { matchers: [{ name: 'service', value: 'api' }], duration: '1h', comment: 'deploying' },
    );
    expect(silence.status).toBe(200);
    expect(await silence.json()).toMatchObject({ createdBy: 'otto' });
  });

  it('masks secrets for a viewer and an operator, shows them to an admin', async () => {
    const { rpc, signIn, owner } = await serve();
    for (const name of ['vera', 'otto']) {
      const workspace = (await (await rpc('workspace.get', { cookie: await signIn(name) })).json()) as {
        content: string;
        environments: { vars: Record<string, string> }[];
      };
      for (const secret of ['hunter2-is-secret', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'very-secret-path', 'mail-password'])
        expect(workspace.content).not.toContain(secret);
      expect(workspace.content).toContain('smtp://zervigo:••••••@127.0.0.1:2525');
      expect(workspace.content.split('\n')).toHaveLength(WORKSPACE.split('\n').length);
      expect(workspace.environments[0]?.vars).toEqual({ DB_PASSWORD: '••••••' });
    }
    const admin = (await (await rpc('workspace.get', owner)).json()) as { content: string };
    expect(admin.content).toBe(WORKSPACE);
  });

  it('a token with a narrower scope does only that; tokens sign a browser in with their scopes', async () => {
    const { engine, rpc, login } = await serve();
    const watch = await createToken(engine, 'otto', { name: 'watch', scopes: ['view'] });
    const bearer = { authorization: `Bearer ${watch.token}` };
    expect((await rpc('services.list', bearer)).status).toBe(200);
    const refused = await rpc('services.stop', bearer, { services: ['api'] });
    expect(await errorOf(refused)).toMatchObject({
      code: 'forbidden',
      message: 'services.stop needs the operate permission; token watch of otto is scoped to view',
    });
    const session = await login({ token: watch.token });
    expect(session.status).toBe(204);
    const cookie = { cookie: (session.headers.get('set-cookie') ?? '').split(';')[0] as string };
    expect(await (await rpc('auth.me', cookie)).json()).toMatchObject({ name: 'otto (token watch)', method: 'token', token: { scopes: ['view'] } });
    expect((await rpc('services.stop', cookie, { services: ['api'] })).status).toBe(403);
    // Revoking the token ends the sessions opened with it.
    await rpc('tokens.revoke', { authorization: `Bearer ${(await createToken(engine, 'owner')).token}` }, { id: watch.view.id });
    expect((await rpc('auth.me', cookie)).status).toBe(401);
  });

  it("closes a person's event stream when they sign out everywhere, and filters what a viewer receives", async () => {
    const { server, engine, signIn, rpc } = await serve();
    const cookie = await signIn('vera');
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/api/v1/events`, { headers: { cookie } });
    const got: string[] = [];
    socket.on('message', (data: Buffer) => got.push((JSON.parse(data.toString('utf8')) as { name?: string; type: string }).name ?? 'error'));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    socket.send(JSON.stringify({ type: 'subscribe', names: ['terminal.output', 'health.changed', 'zz'] }));
    await new Promise((resolve) => socket.once('message', resolve));
    engine.bus.emit('terminal.output', { id: 't1', data: 'root@host# cat /etc/shadow' } as never);
    engine.bus.emit('health.changed', { worst: 'up' } as never);
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await (await rpc('auth.signOutEverywhere', { cookie })).json()).toEqual({ sessions: 1 });
    expect(await closed).toBe(4401);
    expect(got).toEqual(['error', 'health.changed']);
  });
});
