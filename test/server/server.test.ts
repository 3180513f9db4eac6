import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Engine } from '../../src/core/engine';
import { silentLogger } from '../../src/core/logger';
import { loadOrCreateToken } from '../../src/server/auth/api-token';
import { engineBackend } from '../../src/server/backend';
import { startServer, type RunningServer } from '../../src/server/server';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(workspace = 'version: 1\nservices:\n  db: {}\n  api: { depends_on: [db] }\n') {
  const dataDir = tempDir();
  const file = writeFile(tempDir(), 'zervigo.yaml', workspace);
  const engine = Engine.start({ dataDir, workspacePath: file, shell: 'server', logger: silentLogger, processEnv: {} });
  cleanups.push(() => engine.stop());
  const token = loadOrCreateToken(dataDir);
  const server = await startServer({ backend: engineBackend(engine), token, port: 0, rendererDir: null });
  cleanups.push(() => server.close());
  const api = (route: string, init: RequestInit & { auth?: string | null } = {}) => {
    const headers = new Headers(init.headers);
    if (init.auth !== null) headers.set('authorization', `Bearer ${init.auth ?? token}`);
    return fetch(`${server.url}${route}`, { ...init, headers, redirect: 'manual' });
  };
  const rpc = (command: string, input?: unknown) =>
    api(`/api/v1/rpc/${command}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: input === undefined ? '' : JSON.stringify(input) });
  return { engine, server, token, dataDir, file, api, rpc };
}

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

describe('the HTTP API', () => {
  it('needs the token on every request: 401 without it or with a wrong one', async () => {
    const { api } = await serve();
    const missing = await api('/api/v1/services', { auth: null });
    expect(missing.status).toBe(401);
    expect((await errorOf(missing)).message).toMatch(/zervigo token/);
    expect((await api('/api/v1/services', { auth: 'wrong-token-wrong-token-wrong-token' })).status).toBe(401);
    expect((await api('/api/v1/rpc/services.list', { method: 'POST', auth: null })).status).toBe(401);
    const ok = await api('/api/v1/services');
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { name: string }[]).map((service) => service.name)).toEqual(['db', 'api']);
  });

  it('keeps the token in a file only its owner can read, and reuses it', async () => {
    const { dataDir, token } = await serve();
    expect(fs.statSync(path.join(dataDir, 'api-token')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateToken(dataDir)).toBe(token);
  });

  it('answers 400 with the validation message for a bad payload', async () => {
    const { rpc, api } = await serve();
    const bad = await rpc('workspace.history', { limit: 0 });
    expect(bad.status).toBe(400);
    expect(await errorOf(bad)).toMatchObject({ code: 'invalid_input', message: 'invalid input for workspace.history: limit: must be at least 1' });
    const unknownKey = await rpc('workspace.setEnvironment', { environment: 'x', extra: 1 });
    expect((await errorOf(unknownKey)).message).toBe('invalid input for workspace.setEnvironment: unknown key "extra"');
    const notJson = await api('/api/v1/rpc/app.info', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{oops' });
    expect(notJson.status).toBe(400);
    expect((await errorOf(notJson)).message).toMatch(/not valid JSON/);
    const formPost = await api('/api/v1/rpc/app.info', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
    expect(formPost.status).toBe(400);
    expect((await errorOf(formPost)).message).toMatch(/as JSON/);
    expect((await rpc('no.such.command')).status).toBe(404);
  });

  it('answers a 100,000-character query string with 431 in the API error shape, saying to send it as a JSON body to the command named', async () => {
    const { api, rpc } = await serve();
    const long = `up{job="${'a'.repeat(100_000)}"}`;
    const response = await api(`/api/v1/metrics/instant?query=${encodeURIComponent(long)}`);
    expect(response.status).toBe(431);
    expect(await errorOf(response)).toEqual({
      code: 'header_too_large',
      message:
        "GET /api/v1/metrics/instant: the query string is over the 16 KiB the server reads, so the request was not read; input that long goes in a JSON body to POST /api/v1/rpc/metrics.instant, where the command's own limits apply",
    });
    // There the input is read and answered on its merits: a query is at most 4,096 characters.
    const posted = await rpc('metrics.instant', { query: long });
    expect(posted.status).toBe(400);
    expect((await errorOf(posted)).message).toMatch(/4096/);
    // A path it does not know is still answered in the same shape.
    const unknown = await api(`/api/v1/nowhere?x=${'b'.repeat(100_000)}`);
    expect(unknown.status).toBe(431);
    expect((await errorOf(unknown)).message).toMatch(/^GET \/api\/v1\/nowhere: the query string is over the 16 KiB .* POST \/api\/v1\/rpc\/<command>, /);
  });

  it('answers 413 for a body over the limit, and for a workspace text over its own limit before parsing it', async () => {
    const { rpc } = await serve();
    const response = await rpc('workspace.validate', { content: 'x'.repeat(9 * 1024 * 1024) });
    expect(response.status).toBe(413);
    expect(await errorOf(response)).toEqual({ code: 'payload_too_large', message: 'the request body is over the 8.1 MiB limit' });
    // Under the body limit, over the workspace limit (4 MiB): refused by size, whatever the text.
    const workspace = await rpc('workspace.validate', { content: `version: 1\n#${'x'.repeat(5 * 1024 * 1024)}` });
    expect(workspace.status).toBe(413);
    expect((await errorOf(workspace)).message).toMatch(/^the workspace text is 5 MiB, over the 4 MiB limit \(raise it with ZERVIGO_MAX_WORKSPACE_SIZE/);
  });

  it('serves readable REST routes for the commands that declare one', async () => {
    const { api, rpc, engine } = await serve();
    await rpc('workspace.save', { content: 'version: 1\nservices:\n  db: {}\n' });
    const history = (await (await api('/api/v1/workspace/history?limit=1')).json()) as { id: number }[];
    expect(history).toHaveLength(1);
    const version = (await (await api(`/api/v1/workspace/history/${history[0]?.id}`)).json()) as { content: string };
    expect(version.content).toBe('version: 1\nservices:\n  db: {}\n');
    expect((await api('/api/v1/workspace/history?limit=abc')).status).toBe(400);
    const schema = (await (await api('/api/v1/workspace/schema')).json()) as { title: string; properties: Record<string, unknown> };
    expect(schema.title).toBe('Zervigo workspace (zervigo.yaml)');
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['version', 'services', 'rules', 'routes', 'channels', 'time_windows']));
    const put = await api('/api/v1/settings', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ updateUrl: 'https://updates.example/zervigo' }),
    });
    expect(await put.json()).toMatchObject({ updateUrl: 'https://updates.example/zervigo' });
    expect(engine.settings.get().updateUrl).toBe('https://updates.example/zervigo');
    const missing = await api('/api/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).code).toBe('not_found');
  });

  it('signs a browser in once per printed link, with an HttpOnly SameSite cookie', async () => {
    const { server, api } = await serve();
    const link = server.loginLink();
    const first = await fetch(link, { redirect: 'manual' });
    expect(first.status).toBe(302);
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^zervigo_session=[^;]+;.*HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect((await fetch(link, { redirect: 'manual' })).status).toBe(401);

    const session = cookie.split(';')[0] as string;
    expect((await api('/api/v1/services', { auth: null, headers: { cookie: session } })).status).toBe(200);
    // Another page on this machine shares the cookie's site; its origin is refused.
    const foreign = await api('/api/v1/rpc/services.list', { method: 'POST', auth: null, headers: { cookie: session, origin: 'http://127.0.0.1:3000' } });
    expect(foreign.status).toBe(403);
    const own = await api('/api/v1/rpc/services.list', { method: 'POST', auth: null, headers: { cookie: session, origin: server.url } });
    expect(own.status).toBe(200);
  });

  it('signs in with the pasted token and refuses a wrong one', async () => {
    const { server, token } = await serve();
    const login = (body: unknown) =>
      fetch(`${server.url}/api/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await login({ token: 'nope' })).status).toBe(401);
    const ok = await login({ token });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('set-cookie')).toMatch(/zervigo_session=/);
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const { server, token } = await serve();
    // fetch() will not send a forged Host header; node:http will.
    const statusFor = (host: string) =>
      new Promise<number>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port: server.port, path: '/api/v1/services', headers: { host, authorization: `Bearer ${token}` } }, (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          })
          .on('error', reject);
      });
    expect(await statusFor(`evil.example:${server.port}`)).toBe(403);
    expect(await statusFor(`localhost:${server.port}`)).toBe(200);
  });

  it('streams subscribed events over the WebSocket, and only those', async () => {
    const { server, token, rpc } = await serve();
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/api/v1/events`, { headers: { authorization: `Bearer ${token}` } });
    cleanups.push(async () => socket.close());
    const messages: { type: string; name?: string; message?: string; payload?: { counts?: { services: number } } }[] = [];
    socket.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString('utf8')) as (typeof messages)[number]));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    socket.send(JSON.stringify({ type: 'subscribe', names: ['workspace.changed', 'no.such.event'] }));
    await waitFor(() => messages.some((message) => message.type === 'error'), { what: 'the unknown-event error' });
    expect(messages[0]).toEqual({ type: 'error', message: 'unknown event: no.such.event' });

    await rpc('workspace.save', { content: 'version: 1\nservices:\n  a: {}\n  b: {}\n  c: {}\n' });
    const event = await waitFor(() => messages.find((message) => message.type === 'event'), { what: 'workspace.changed' });
    expect(event.name).toBe('workspace.changed');
    expect(event.payload?.counts?.services).toBe(3);
    // services.changed fired too, but was not subscribed.
    expect(messages.filter((message) => message.name === 'services.changed')).toEqual([]);
  });

  it('refuses an unauthenticated WebSocket', async () => {
    const { server } = await serve();
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/api/v1/events`);
    const status = await new Promise<number>((resolve) => socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0)));
    expect(status).toBe(401);
  });
});

describe('starting the server', () => {
  it('refuses a non-loopback address unless remote access is explicitly allowed', async () => {
    const dataDir = tempDir();
    const engine = Engine.start({ dataDir, workspacePath: null, shell: 'server', logger: silentLogger });
    cleanups.push(() => engine.stop());
    const options = { backend: engineBackend(engine), token: 'x'.repeat(43), port: 0, rendererDir: null };
    await expect(startServer({ ...options, host: '0.0.0.0' })).rejects.toThrow(/--allow-remote/);
    const server: RunningServer = await startServer({ ...options, host: '0.0.0.0', allowRemote: true });
    cleanups.push(() => server.close());
    expect(server.warning).toMatch(/reachable from other machines/);
  });

  it('says which port is taken and how to choose another', async () => {
    const { server, engine, token } = await serve();
    await expect(startServer({ backend: engineBackend(engine), token, port: server.port, rendererDir: null })).rejects.toThrow(
      `port ${server.port} on 127.0.0.1 is already in use (another zervigo serve?); choose another with --port`,
    );
  });
});
