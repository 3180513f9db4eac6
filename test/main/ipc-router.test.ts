import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDispatcher } from '../../src/core/dispatch';
import { Engine } from '../../src/core/engine';
import { EventBus } from '../../src/core/event-bus';
import { silentLogger } from '../../src/core/logger';
import { createIpcRouter, type IpcRouter } from '../../src/main/ipc-router';
import { ipcChannels, type RpcEnvelope } from '../../src/shared/bridge';
import { command, isEventName, returns } from '../../src/shared/contract';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { FakeFrame, FakeIpcMain, FakeWebContents } from './fake-ipc';

const APP = 'app://zervigo';
const page = `${APP}/index.html`;

let engine: Engine;
let workspaceFile: string;
let ipcMain: FakeIpcMain;
let router: IpcRouter;
let own: Set<number>;
let warnings: Array<{ details: object; message: string }>;

function window(url = page): FakeWebContents {
  const contents = new FakeWebContents(url);
  own.add(contents.id);
  return contents;
}

beforeEach(() => {
  const dir = tempDir('zervigo-ipc-');
  workspaceFile = writeFile(dir, 'zervigo.yaml', 'version: 1\nname: ipc test\nservices: {}\n');
  engine = Engine.start({ shell: 'desktop', dataDir: path.join(dir, 'data'), workspacePath: workspaceFile, logger: silentLogger, processEnv: {} });
  ipcMain = new FakeIpcMain();
  own = new Set();
  warnings = [];
  router = createIpcRouter({
    ipcMain,
    dispatch: engine.dispatch,
    events: engine.bus,
    isEventName,
    appOrigin: APP,
    isOwnWebContents: (contents) => own.has(contents.id),
    logger: { warn: (details, message) => warnings.push({ details, message }) },
  });
});

afterEach(async () => {
  router.dispose();
  await engine.stop();
});

const invoke = (contents: FakeWebContents, name: unknown, input?: unknown, frame?: FakeFrame | null): Promise<RpcEnvelope> =>
  ipcMain.invoke(contents.event(frame), ipcChannels.invoke, name, input);

const eventsSent = (contents: FakeWebContents): unknown[][] => contents.sent.filter(([channel]) => channel === ipcChannels.event);

describe('ipc router: who may call', () => {
  it("answers the top frame of our window on our origin with the engine's value", async () => {
    const contents = window();
    const answer = await invoke(contents, 'app.info');
    expect(answer).toMatchObject({ ok: true, value: { name: 'Zervigo', shell: 'desktop', dataDir: engine.info.dataDir } });
    expect(warnings).toEqual([]);
  });

  it('refuses a page of a foreign origin, even in our own window', async () => {
    for (const url of ['https://evil.example/index.html', 'app://other/index.html', 'file:///tmp/index.html', 'http://zervigo/', 'not a url']) {
      const contents = window(url);
      const answer = await invoke(contents, 'app.info');
      expect(answer, url).toEqual({ ok: false, error: { code: 'forbidden', message: 'this page may not call Zervigo commands' } });
    }
    expect(warnings).toHaveLength(5);
    expect(warnings[0]).toMatchObject({ message: 'refused an IPC message', details: { channel: ipcChannels.invoke, url: 'https://evil.example/index.html' } });
  });

  it('refuses a sub-frame, even one showing our origin', async () => {
    const contents = window();
    const child = new FakeFrame(`${APP}/embedded.html`, contents.mainFrame);
    expect(await invoke(contents, 'app.info', undefined, child)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // A frame object that is not the main frame is refused even if it claims to have no parent.
    const impostor = new FakeFrame(page);
    expect(await invoke(contents, 'app.info', undefined, impostor)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await invoke(contents, 'app.info', undefined, null)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('refuses a webContents that is not one of our windows', async () => {
    const stranger = new FakeWebContents(page);
    expect(await invoke(stranger, 'app.info')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('accepts the dev server origin when that is the app origin, and only it', async () => {
    router.dispose();
    router = createIpcRouter({
      ipcMain,
      dispatch: engine.dispatch,
      events: engine.bus,
      isEventName,
      appOrigin: 'http://localhost:5173',
      isOwnWebContents: (contents) => own.has(contents.id),
    });
    expect(await invoke(window('http://localhost:5173/#/services'), 'health.get')).toMatchObject({ ok: true, value: { level: 'ok' } });
    expect(await invoke(window('http://localhost:5174/'), 'health.get')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await invoke(window(page), 'health.get')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('ipc router: commands', () => {
  it('answers an unknown command with a not_found envelope', async () => {
    expect(await invoke(window(), 'services.explode', {})).toEqual({ ok: false, error: { code: 'not_found', message: 'unknown command "services.explode"' } });
  });

  it('refuses a name that is not a string', async () => {
    for (const name of [42, null, { toString: () => 'app.info' }]) {
      expect(await invoke(window(), name)).toEqual({ ok: false, error: { code: 'invalid_input', message: 'the command name must be a string' } });
    }
  });

  it('answers a bad payload with an invalid_input envelope carrying the zod message', async () => {
    const answer = await invoke(window(), 'workspace.validate', { content: 5 });
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.code).toBe('invalid_input');
    expect(answer.error.message).toBe('invalid input for workspace.validate: content: expected a string, got 5');
    // The details survive IPC's structured clone: plain data only.
    expect(structuredClone(answer)).toEqual(answer);
  });

  it('reaches the real engine: validation, settings, and errors the engine raises', async () => {
    const contents = window();
    expect(await invoke(contents, 'workspace.validate', { content: 'version: 1\nname: x\n' })).toEqual({
      ok: true,
      value: { ok: true, issues: [], restartToApply: [] },
    });
    expect(await invoke(contents, 'settings.update', { notificationsPausedUntil: 1234 })).toEqual({
      ok: true,
      value: { updateUrl: null, notificationsPausedUntil: 1234, operatorName: null },
    });
    expect(engine.settings.get().notificationsPausedUntil).toBe(1234);
    expect(await invoke(contents, 'workspace.version', { id: 999 })).toEqual({
      ok: false,
      error: { code: 'not_found', message: expect.stringMatching(/^no workspace version 999\b/) as unknown },
    });
  });

  it('never throws across IPC, whatever the handler does', async () => {
    router.dispose();
    const throwing = createIpcRouter({
      ipcMain,
      dispatch: async () => {
        throw new TypeError('cannot read properties of undefined');
      },
      events: new EventBus(),
      isEventName,
      appOrigin: APP,
      isOwnWebContents: () => true,
    });
    expect(await invoke(window(), 'app.info')).toEqual({ ok: false, error: { code: 'internal', message: 'cannot read properties of undefined' } });
    throwing.dispose();
    router = createIpcRouter({ ipcMain, dispatch: engine.dispatch, events: engine.bus, isEventName, appOrigin: APP, isOwnWebContents: () => true });
  });

  it('works for any command map through createDispatcher, with the same validation', async () => {
    router.dispose();
    const contract = {
      'math.double': command({ permission: 'view', input: z.strictObject({ n: z.number() }), output: returns<number>(), summary: 'doubles' }),
    };
    const calls: unknown[] = [];
    const dispatch = createDispatcher(contract, {
      'math.double': async ({ n }, context) => {
        calls.push(context);
        return n * 2;
      },
    });
    router = createIpcRouter({ ipcMain, dispatch, events: new EventBus(), isEventName, appOrigin: APP, isOwnWebContents: () => true, actor: 'tester' });
    expect(await invoke(window(), 'math.double', { n: 21 })).toEqual({ ok: true, value: 42 });
    expect(calls).toMatchObject([{ actor: 'tester', transport: 'ipc', principal: { kind: 'local', role: 'admin' } }]);
    expect(await invoke(window(), 'math.double', { n: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: 'invalid input for math.double: n: expected a number, got "x"' },
    });
  });
});

describe('ipc router: events', () => {
  const subscribe = (contents: FakeWebContents, name: unknown, frame?: FakeFrame | null): void =>
    ipcMain.send(contents.event(frame), ipcChannels.subscribe, name);
  const unsubscribe = (contents: FakeWebContents, name: unknown): void => ipcMain.send(contents.event(), ipcChannels.unsubscribe, name);

  it('forwards engine events only to the pages that subscribed to them', async () => {
    const subscriber = window();
    const other = window();
    subscribe(subscriber, 'settings.changed');
    subscribe(other, 'workspace.changed');
    await invoke(subscriber, 'settings.update', { updateUrl: 'https://updates.example.com/zervigo' });
    expect(eventsSent(subscriber)).toEqual([
      [ipcChannels.event, 'settings.changed', { updateUrl: 'https://updates.example.com/zervigo', notificationsPausedUntil: null, operatorName: null }],
    ]);
    expect(eventsSent(other)).toEqual([]);
  });

  it('carries events the engine raises by itself (a rejected workspace edit)', async () => {
    const contents = window();
    subscribe(contents, 'workspace.invalid');
    fs.writeFileSync(workspaceFile, 'version: 1\nname: ipc test\nservices: 5\n');
    engine.workspace.reloadFromFile();
    const sent = eventsSent(contents);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.[1]).toBe('workspace.invalid');
    expect(sent[0]?.[2]).toMatchObject({ file: workspaceFile, issues: [{ line: 3, col: 11, path: 'services' }] });
  });

  it('stops after unsubscribe', async () => {
    const contents = window();
    subscribe(contents, 'settings.changed');
    await invoke(contents, 'settings.update', { notificationsPausedUntil: 1 });
    unsubscribe(contents, 'settings.changed');
    await invoke(contents, 'settings.update', { notificationsPausedUntil: 2 });
    expect(eventsSent(contents)).toHaveLength(1);
    expect(router.subscriberCount()).toBe(0);
  });

  it('forgets a destroyed webContents and never sends to it', async () => {
    const contents = window();
    subscribe(contents, 'settings.changed');
    subscribe(contents, 'health.changed');
    expect(router.subscriberCount()).toBe(1);
    contents.destroy();
    expect(router.subscriberCount()).toBe(0);
    await engine.dispatch('settings.update', { notificationsPausedUntil: 3 }, { actor: 'test', transport: 'internal' });
    expect(eventsSent(contents)).toEqual([]);
  });

  it('ignores unknown event names and subscriptions from refused senders', async () => {
    const foreign = window('https://evil.example/');
    subscribe(foreign, 'settings.changed');
    const contents = window();
    subscribe(contents, 'settings.changed', new FakeFrame(page, contents.mainFrame));
    subscribe(contents, 'no.such.event');
    subscribe(contents, { name: 'settings.changed' });
    expect(router.subscriberCount()).toBe(0);
    await engine.dispatch('settings.update', { notificationsPausedUntil: 4 }, { actor: 'test', transport: 'internal' });
    expect(eventsSent(foreign)).toEqual([]);
    expect(eventsSent(contents)).toEqual([]);
    expect(warnings.map((warning) => warning.message)).toEqual([
      'refused an IPC message',
      'refused an IPC message',
      'subscription to an unknown event ignored',
      'subscription to an unknown event ignored',
    ]);
  });

  it('dispose unbinds every channel and stops forwarding', async () => {
    const contents = window();
    subscribe(contents, 'settings.changed');
    router.dispose();
    expect(ipcMain.handlers.size).toBe(0);
    expect([...ipcMain.listeners.values()].every((set) => set.size === 0)).toBe(true);
    await engine.dispatch('settings.update', { notificationsPausedUntil: 5 }, { actor: 'test', transport: 'internal' });
    expect(eventsSent(contents)).toEqual([]);
    await expect(invoke(contents, 'app.info')).rejects.toThrow(/No handler registered/);
    router = createIpcRouter({ ipcMain, dispatch: engine.dispatch, events: engine.bus, isEventName, appOrigin: APP, isOwnWebContents: () => true });
  });
});
