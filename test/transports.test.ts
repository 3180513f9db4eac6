import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDispatcher } from '../src/core/dispatch';
import { Engine } from '../src/core/engine';
import { EventBus } from '../src/core/event-bus';
import { silentLogger } from '../src/core/logger';
import { createIpcRouter } from '../src/main/ipc-router';
import { startServer } from '../src/server/server';
import { ipcChannels, type RpcEnvelope } from '../src/shared/bridge';
import { command, commands, events, isEventName, returns, type HandlersOf } from '../src/shared/contract';
import { engineAuthGate } from '../src/server/auth/auth-gate';
import { FakeIpcMain, FakeWebContents } from './main/fake-ipc';
import { tempDir } from './helpers/temp-dir';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * The promise of the contract: declare a command once (name, schema, output, optional REST
 * route), implement it once, and both transports carry it with the same validation.
 */
const testContract = {
  ...commands,
  'test.repeat': command({
    permission: 'view',
    input: z.strictObject({ text: z.string().min(1), times: z.number().int().min(1).max(5) }),
    output: returns<string>(),
    rest: 'POST /test/repeat',
    summary: 'A command that exists only in this test',
  }),
};

async function bothTransports() {
  const engine = Engine.start({ dataDir: tempDir(), workspacePath: null, shell: 'server', logger: silentLogger, processEnv: {} });
  cleanups.push(() => engine.stop());
  const handlers: HandlersOf<typeof testContract> = { ...engine.handlers, 'test.repeat': async ({ text, times }) => text.repeat(times) };
  const dispatch = createDispatcher(testContract, handlers);
  const bus = new EventBus();

  const token = 'test-token-'.repeat(4);
  const server = await startServer({
    backend: { commands: testContract, events, dispatch, isEventName, onEvent: (listener) => bus.onAny(listener), auth: engineAuthGate(engine.auth) },
    token,
    port: 0,
    rendererDir: null,
  });
  cleanups.push(() => server.close());
  const overHttp = async (path: string, body: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  const ipcMain = new FakeIpcMain();
  const window = new FakeWebContents('app://zervigo/index.html');
  const router = createIpcRouter({
    ipcMain,
    dispatch,
    events: bus,
    isEventName,
    appOrigin: 'app://zervigo',
    isOwnWebContents: (contents) => contents === window,
  });
  cleanups.push(() => router.dispose());
  const overIpc = (name: string, input: unknown): Promise<RpcEnvelope> => ipcMain.invoke(window.event(), ipcChannels.invoke, name, input);

  return { overHttp, overIpc };
}

describe('one contract, two transports', () => {
  it('carries a command declared once over IPC, HTTP RPC and its REST route', async () => {
    const { overHttp, overIpc } = await bothTransports();
    expect(await overIpc('test.repeat', { text: 'ab', times: 3 })).toEqual({ ok: true, value: 'ababab' });
    expect(await overHttp('/api/v1/rpc/test.repeat', { text: 'ab', times: 3 })).toEqual({ status: 200, body: 'ababab' });
    expect(await overHttp('/api/v1/test/repeat', { text: 'ab', times: 3 })).toEqual({ status: 200, body: 'ababab' });
  });

  it('refuses the same bad inputs with the same message on both', async () => {
    const { overHttp, overIpc } = await bothTransports();
    for (const bad of [{ text: '', times: 1 }, { text: 'a', times: 9 }, { text: 'a' }, { text: 'a', times: 1, extra: true }, 'not an object']) {
      const ipc = await overIpc('test.repeat', bad);
      const http = await overHttp('/api/v1/rpc/test.repeat', bad);
      expect(ipc.ok).toBe(false);
      expect(http.status).toBe(400);
      const ipcError = ipc.ok ? null : ipc.error;
      expect(ipcError?.code).toBe('invalid_input');
      expect((http.body as { error: unknown }).error).toEqual(ipcError);
    }
  });

  it('still carries every command of the real contract', async () => {
    const { overHttp, overIpc } = await bothTransports();
    const ipc = await overIpc('workspace.get', undefined);
    const http = await overHttp('/api/v1/rpc/workspace.get', {});
    expect(ipc.ok && (ipc.value as { builtIn: boolean }).builtIn).toBe(true);
    expect((http.body as { builtIn: boolean }).builtIn).toBe(true);
  });
});
