import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Engine } from '../src/core/engine';
import { silentLogger } from '../src/core/logger';
import { createIpcRouter } from '../src/main/ipc-router';
import { engineBackend } from '../src/server/backend';
import { startServer, type RunningServer } from '../src/server/server';
import type { Principal } from '../src/shared/auth/principal';
import { ipcChannels } from '../src/shared/bridge';
import { commands, contextFor, events, isEventName, type CommandName, type EventName } from '../src/shared/contract';
import type { ErrorBody } from '../src/shared/errors';
import { API_PREFIX } from '../src/shared/wire';
import { FakeIpcMain, FakeWebContents } from './main/fake-ipc';
import { addPerson, createToken, passwordOf } from './helpers/people';
import { tempDir } from './helpers/temp-dir';
import { waitFor } from './helpers/wait-for';

/**
 * Every command of the contract, called by every kind of caller through every transport, is
 * allowed or refused exactly as its declared permission says. Generated from the contract: a
 * command added later is covered without touching this file.
 *
 * Each call carries an input no command accepts, so an allowed call is answered "invalid input"
 * (it passed authorisation, and ran nothing), and a refused one "forbidden", naming the permission.
 */
const PROBE = { zervigoAuthorisationProbe: true };
const names = Object.keys(commands) as CommandName[];
const eventNames = Object.keys(events) as EventName[];

interface Caller {
  label: string;
  principal: Principal;
  /** How the HTTP transport is given it. */
  header: Record<string, string>;
}

let engine: Engine;
let server: RunningServer;
const callers: Caller[] = [];
const dead: { label: string; header: Record<string, string>; message: RegExp }[] = [];

async function signIn(name: string): Promise<Record<string, string>> {
  const response = await fetch(`${server.url}/api/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: name, password: passwordOf(name) }),
  });
  expect(response.status).toBe(204);
  return { cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] as string };
}

beforeAll(async () => {
  engine = Engine.start({ dataDir: tempDir('zervigo-matrix-'), workspacePath: null, shell: 'server', logger: silentLogger, processEnv: {} });
  server = await startServer({ backend: engineBackend(engine), port: 0, rendererDir: null });
  for (const role of ['viewer', 'operator', 'admin'] as const) await addPerson(engine, `${role}-person`, role);
  const scoped = await createToken(engine, 'admin-person', { name: 'scoped', scopes: ['view', 'operate'] });
  const expired = await createToken(engine, 'operator-person', { name: 'expiring', expires: '1ms' });
  const revoked = await createToken(engine, 'admin-person', { name: 'revoked' });
  await engine.dispatch('tokens.revoke', { id: revoked.view.id }, { actor: 'test', transport: 'internal' });
  await waitFor(() => !engine.auth.resolveBearer(expired.token).ok, { what: 'the 1 ms token to expire' });

  for (const role of ['viewer', 'operator', 'admin'] as const) {
    const header = await signIn(`${role}-person`);
    const resolved = engine.auth.resolveSession(header.cookie?.split('=')[1]);
    if (!resolved.ok) throw new Error(resolved.message);
    callers.push({ label: `${role} (session)`, principal: resolved.principal, header });
  }
  const resolvedScoped = engine.auth.resolveBearer(scoped.token);
  if (!resolvedScoped.ok) throw new Error(resolvedScoped.message);
  callers.push({ label: 'admin token scoped to view, operate', principal: resolvedScoped.principal, header: { authorization: `Bearer ${scoped.token}` } });
  dead.push({ label: 'expired token', header: { authorization: `Bearer ${expired.token}` }, message: /^token expiring of operator-person expired at / });
  dead.push({ label: 'revoked token', header: { authorization: `Bearer ${revoked.token}` }, message: /^token revoked of admin-person was revoked at / });
}, 60_000);

afterAll(async () => {
  await server.close();
  await engine.stop();
});

const expectation = (caller: Caller, name: CommandName): 'allowed' | 'forbidden' =>
  caller.principal.permissions.has(commands[name].permission) ? 'allowed' : 'forbidden';

function judge(caller: Caller, name: CommandName, error: ErrorBody | undefined): void {
  const spec = commands[name];
  if (expectation(caller, name) === 'allowed') {
    expect(error?.code, `${caller.label} → ${name}`).toBe('invalid_input');
  } else {
    expect(error?.code, `${caller.label} → ${name}`).toBe('forbidden');
    expect(error?.message, `${caller.label} → ${name}`).toMatch(
      new RegExp(
        `^${name.replace('.', '\\.')} needs the ${spec.permission} permission; (you are an? ${caller.principal.role}|token scoped of admin-person is scoped to view, operate)$`,
      ),
    );
  }
}

describe('every command × every caller × every transport', () => {
  it('has callers that between them are allowed and refused something (the matrix is not vacuous)', () => {
    const outcomes = callers.flatMap((caller) => names.map((name) => expectation(caller, name)));
    expect(outcomes.filter((outcome) => outcome === 'forbidden').length).toBeGreaterThan(40);
    expect(outcomes.filter((outcome) => outcome === 'allowed').length).toBeGreaterThan(100);
    expect(callers.map((caller) => caller.principal.role)).toEqual(['viewer', 'operator', 'admin', 'admin']);
  });

  it('the dispatcher, called directly with each principal', async () => {
    for (const caller of callers) {
      for (const name of names) {
        const error = await engine.dispatch(name, PROBE, contextFor(caller.principal, 'http')).then(
          () => undefined,
          (caught: { toBody?: () => ErrorBody }) => caught.toBody?.(),
        );
        judge(caller, name, error);
      }
    }
  });

  it('HTTP: POST /api/v1/rpc/<command> with a session cookie or a bearer token; 403 names the permission', async () => {
    for (const caller of callers) {
      for (const name of names) {
        const response = await fetch(`${server.url}${API_PREFIX}/rpc/${name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...caller.header },
          body: JSON.stringify(PROBE),
        });
        const body = (await response.json()) as { error?: ErrorBody };
        expect(response.status, `${caller.label} → ${name}`).toBe(expectation(caller, name) === 'allowed' ? 400 : 403);
        judge(caller, name, body.error);
      }
    }
  });

  it('HTTP: every readable REST route, the same way', async () => {
    for (const caller of callers) {
      for (const name of names) {
        const rest = commands[name].rest;
        if (rest === undefined) continue;
        const path = rest.path.replace(/:[a-zA-Z]+/g, 'x');
        const query = rest.method === 'GET' || rest.method === 'DELETE' ? `?${new URLSearchParams({ zervigoAuthorisationProbe: 'true' }).toString()}` : '';
        const response = await fetch(`${server.url}${API_PREFIX}${path}${query}`, {
          method: rest.method,
          headers: { ...caller.header, ...(query === '' ? { 'content-type': 'application/json' } : {}) },
          body: query === '' ? JSON.stringify(PROBE) : undefined,
        });
        judge(caller, name, ((await response.json()) as { error?: ErrorBody }).error);
      }
    }
  });

  it('HTTP: an expired or a revoked token opens nothing (401, saying which and why), for every command', async () => {
    // A server of its own whose throttle lets every failure through to be looked at (the default answers 429 after 5).
    const lenient = await startServer({ backend: engineBackend(engine), port: 0, rendererDir: null, signInThrottle: { maxFailures: 10_000 } });
    try {
      for (const credential of dead) {
        for (const name of names) {
          const response = await fetch(`${lenient.url}${API_PREFIX}/rpc/${name}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...credential.header },
            body: JSON.stringify(PROBE),
          });
          expect(response.status, `${credential.label} → ${name}`).toBe(401);
          expect(((await response.json()) as { error: ErrorBody }).error.message).toMatch(credential.message);
        }
      }
    } finally {
      await lenient.close();
    }
  });

  it('IPC: the desktop router with each principal (the fake ipcMain and window of the main-process tests)', async () => {
    for (const caller of callers) {
      const ipcMain = new FakeIpcMain();
      const window = new FakeWebContents('app://zervigo/index.html');
      const router = createIpcRouter({
        ipcMain,
        dispatch: engine.dispatch,
        events: engine.bus,
        isEventName,
        appOrigin: 'app://zervigo',
        isOwnWebContents: (contents) => contents === window,
        principal: caller.principal,
      });
      try {
        for (const name of names) {
          const envelope = await ipcMain.invoke(window.event(), ipcChannels.invoke, name, PROBE);
          judge(caller, name, envelope.ok ? undefined : envelope.error);
        }
      } finally {
        router.dispose();
      }
    }
  });

  it('IPC without a principal is the local owner: an admin who never signs in', async () => {
    const ipcMain = new FakeIpcMain();
    const window = new FakeWebContents('app://zervigo/index.html');
    const router = createIpcRouter({
      ipcMain,
      dispatch: engine.dispatch,
      events: engine.bus,
      isEventName,
      appOrigin: 'app://zervigo',
      isOwnWebContents: () => true,
    });
    try {
      const me = await ipcMain.invoke(window.event(), ipcChannels.invoke, 'auth.me', undefined);
      expect(me).toMatchObject({ ok: true, value: { kind: 'local', user: 'owner', role: 'admin', name: 'desktop' } });
      for (const name of names) {
        const envelope = await ipcMain.invoke(window.event(), ipcChannels.invoke, name, PROBE);
        expect(envelope.ok ? null : envelope.error.code, name).toBe('invalid_input');
      }
    } finally {
      router.dispose();
    }
  });

  it("WebSocket: each event reaches only the subscribers whose permissions include the event's", async () => {
    const received = new Map<string, Set<string>>();
    const sockets: WebSocket[] = [];
    try {
      for (const caller of callers) {
        const socket = new WebSocket(`${server.url.replace('http', 'ws')}${API_PREFIX}/events`, { headers: caller.header });
        sockets.push(socket);
        const got = new Set<string>();
        received.set(caller.label, got);
        socket.on('message', (data: Buffer) => {
          const message = JSON.parse(data.toString('utf8')) as { type: string; name?: string };
          if (message.type === 'event' && message.name !== undefined) got.add(message.name);
        });
        await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
        socket.send(JSON.stringify({ type: 'subscribe', names: [...eventNames, 'zz.last'] }));
      }
      // The unknown name's error proves each subscription arrived before anything is emitted.
      await Promise.all(sockets.map((socket) => new Promise((resolve) => socket.once('message', resolve))));
      for (const name of eventNames) engine.bus.emit(name, { probe: name } as never);
      engine.bus.emit('health.changed', { last: true } as never);
      for (const caller of callers) {
        const got = received.get(caller.label) as Set<string>;
        await waitFor(
          () => got.has('health.changed') && [...got].length >= eventNames.filter((name) => caller.principal.permissions.has(events[name].permission)).length,
          { what: `${caller.label}'s events` },
        );
        for (const name of eventNames) expect(got.has(name), `${caller.label} ← ${name}`).toBe(caller.principal.permissions.has(events[name].permission));
      }
      expect(received.get('viewer (session)')?.has('terminal.output')).toBe(false);
      expect(received.get('admin (session)')?.has('terminal.output')).toBe(true);
    } finally {
      for (const socket of sockets) socket.close();
    }
  });
});
