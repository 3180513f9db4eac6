import { describe, expect, it } from 'vitest';
import { createIpcBridge, unwrapEnvelope } from '../../src/renderer/src/bridge/ipc-bridge';
import { createWebBridge, eventsUrl } from '../../src/renderer/src/bridge/web-bridge';
import type { PreloadApi } from '../../src/shared/bridge';
import { ZervigoError } from '../../src/shared/errors';
import { FakeSocket, ManualTimers } from './fake-socket';

describe('IPC bridge', () => {
  it('unwraps values and rethrows errors with their code', async () => {
    expect(unwrapEnvelope({ ok: true, value: 42 })).toBe(42);
    expect(() => unwrapEnvelope({ ok: false, error: { code: 'conflict', message: 'stale' } })).toThrow(ZervigoError);
    const api: PreloadApi = {
      invoke: async (name) =>
        name === 'app.info' ? { ok: true, value: { version: '1' } } : { ok: false, error: { code: 'not_found', message: `no ${name}` } },
      subscribe: () => () => undefined,
    };
    const bridge = createIpcBridge(api);
    await expect(bridge.invoke('app.info')).resolves.toEqual({ version: '1' });
    await expect(bridge.invoke('health.get')).rejects.toMatchObject({ code: 'not_found', message: 'no health.get' });
    expect(bridge.connection.current()).toEqual({ socket: 'local', signedOut: false });
  });
});

interface Call {
  url: string;
  init: RequestInit;
}

function webBridge(answer: (call: Call) => Response) {
  const calls: Call[] = [];
  const navigated: string[] = [];
  const sockets: FakeSocket[] = [];
  const bridge = createWebBridge({
    origin: 'https://console.example:8443',
    fetch: async (input, init) => {
      const call = { url: typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, init: init ?? {} };
      calls.push(call);
      return answer(call);
    },
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    timers: new ManualTimers(),
    navigate: (url) => navigated.push(url),
  });
  return { bridge, calls, sockets, navigated };
}

const json = (status: number, body: unknown): Response => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('web bridge', () => {
  it('signing out goes on to the provider when the server names its sign-out page (single sign-on), else stays', async () => {
    const provider = 'https://login.example/session/end?id_token_hint=x&post_logout_redirect_uri=https%3A%2F%2Fconsole.example%3A8443%2F';
    const sso = webBridge(() => json(200, { redirect: provider }));
    await sso.bridge.signOut();
    expect(sso.calls[0]?.url).toBe('https://console.example:8443/api/v1/logout');
    expect(sso.navigated).toEqual([provider]);
    expect(sso.bridge.connection.current().signedOut).toBe(true);
    const local = webBridge(() => new Response(null, { status: 204 }));
    await local.bridge.signOut();
    expect(local.navigated).toEqual([]);
    expect(local.bridge.connection.current().signedOut).toBe(true);
  });

  it('follows the page protocol for the events socket', () => {
    expect(eventsUrl('http://127.0.0.1:7070')).toBe('ws://127.0.0.1:7070/api/v1/events');
    expect(eventsUrl('https://console.example:8443')).toBe('wss://console.example:8443/api/v1/events');
  });

  it('POSTs the input as JSON with the session cookie and returns the parsed body', async () => {
    const { bridge, calls } = webBridge(() => json(200, [{ id: 1 }]));
    await expect(bridge.invoke('workspace.history', { limit: 5 })).resolves.toEqual([{ id: 1 }]);
    await bridge.invoke('services.list');
    expect(calls[0]?.url).toBe('https://console.example:8443/api/v1/rpc/workspace.history');
    expect(calls[0]?.init).toMatchObject({ method: 'POST', credentials: 'same-origin', body: '{"limit":5}' });
    expect(calls[1]?.init.body).toBe('{}');
  });

  it('throws the server error and flags a sign-in on 401', async () => {
    const { bridge } = webBridge((call) =>
      call.url.endsWith('/login') ? new Response(null, { status: 204 }) : json(401, { error: { code: 'unauthorized', message: 'sign in first' } }),
    );
    const changes: boolean[] = [];
    bridge.connection.onChange((status) => changes.push(status.signedOut));
    await expect(bridge.invoke('workspace.get')).rejects.toMatchObject({ code: 'unauthorized', message: 'sign in first' });
    expect(bridge.connection.current().signedOut).toBe(true);
    await bridge.signIn({ token: 'secret' });
    expect(bridge.connection.current().signedOut).toBe(false);
    expect(changes).toEqual([true, false]);
  });

  it('keeps 400 details and makes sense of bodies without an error', async () => {
    const issues = [{ file: 'f', line: 1, col: 1, path: '', message: 'bad' }];
    const { bridge } = webBridge((call) =>
      call.url.endsWith('workspace.save')
        ? json(400, { error: { code: 'invalid_input', message: 'bad', details: { issues } } })
        : new Response('gateway down', { status: 502, statusText: 'Bad Gateway' }),
    );
    await expect(bridge.invoke('workspace.save', { content: 'x' })).rejects.toMatchObject({ code: 'invalid_input', details: { issues } });
    await expect(bridge.invoke('app.info')).rejects.toMatchObject({ code: 'internal', message: 'the server answered HTTP 502 Bad Gateway' });
  });

  it('reports an unreachable server as unavailable', async () => {
    const bridge = createWebBridge({
      origin: 'http://127.0.0.1:1',
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
      createSocket: (url) => new FakeSocket(url),
      timers: new ManualTimers(),
    });
    await expect(bridge.invoke('app.info')).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('delivers events from the socket and reports its state', () => {
    const { bridge, sockets } = webBridge(() => json(200, null));
    const got: unknown[] = [];
    bridge.subscribe('health.changed', (payload) => got.push(payload));
    const socket = sockets[0] as FakeSocket;
    expect(socket.url).toBe('wss://console.example:8443/api/v1/events');
    socket.open();
    expect(bridge.connection.current().socket).toBe('connected');
    socket.push({ type: 'event', name: 'health.changed', payload: { level: 'ok' } });
    expect(got).toEqual([{ level: 'ok' }]);
    socket.drop();
    expect(bridge.connection.current().socket).toBe('reconnecting');
  });
});
