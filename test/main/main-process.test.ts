import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';
import { createFakeElectron, FakeWebContents, type FakeElectron } from './fake-electron';

/**
 * src/main/index.ts run end to end on a fake `electron` module (Electron cannot run here) and a
 * real engine: window options, protocol, CSP, permissions, IPC, tray, notifications, quit.
 */

const savedArgv = process.argv;
const savedRendererUrl = process.env.ELECTRON_RENDERER_URL;
let electron: FakeElectron | null = null;

beforeEach(() => {
  delete process.env.ELECTRON_RENDERER_URL;
});

afterEach(async () => {
  // Quit like the tray does, so the engine stops and releases the database before the temp dir goes.
  if (electron !== null && electron.record.exits.length === 0) {
    electron.app.quit();
    await waitFor(() => electron !== null && electron.record.quits >= 2, { what: 'the app to finish quitting' });
  }
  electron = null;
  process.argv = savedArgv;
  if (savedRendererUrl === undefined) delete process.env.ELECTRON_RENDERER_URL;
  else process.env.ELECTRON_RENDERER_URL = savedRendererUrl;
});

async function boot(args: string[], options: { singleInstance?: boolean; ready?: boolean } = {}): Promise<FakeElectron> {
  // A fresh fake and fresh modules for each start, as if a new process ran.
  vi.resetModules();
  const fake = createFakeElectron();
  vi.doMock('electron', () => fake);
  process.argv = [process.execPath, '.', ...args];
  fake.app.singleInstance = options.singleInstance ?? true;
  electron = fake;
  await import('../../src/main/index');
  if (options.ready !== false) fake.app.becomeReady();
  return fake;
}

function workspace(content = 'version: 1\nname: desktop test\nservices: {}\n'): { dir: string; file: string; dataDir: string } {
  const dir = tempDir('zervigo-main-');
  return { dir, file: writeFile(dir, 'zervigo.yaml', content), dataDir: path.join(dir, 'data') };
}

const started = (fake: FakeElectron): Promise<unknown> =>
  waitFor(() => fake.record.trays.length === 1 && fake.record.trays[0]?.menu !== null, { what: 'the tray' });

describe('desktop main process', () => {
  it('opens one hardened window on app://zervigo with the preload', async () => {
    const { file, dataDir } = workspace();
    const fake = await boot(['--workspace', file, '--data-dir', dataDir]);
    await started(fake);
    expect(fake.record.windows).toHaveLength(1);
    const window = fake.record.windows[0];
    expect(window?.url).toBe('app://zervigo/index.html');
    expect(window?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(String(window?.options.webPreferences.preload)).toMatch(/preload[/\\]index\.js$/);
    await waitFor(() => window?.shown, { what: 'ready-to-show' });
    // The guard is on the window's webContents: foreign navigation is prevented, links go to the OS browser.
    expect(window?.webContents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(fake.record.opened).toEqual(['https://example.com/']);
  });

  it('registers the privileged app scheme before ready and serves the renderer with the CSP', async () => {
    const { file, dataDir } = workspace();
    const fake = await boot(['--workspace', file, '--data-dir', dataDir], { ready: false });
    expect(fake.record.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
    expect(fake.record.protocolHandlers.size).toBe(0);
    fake.app.becomeReady();
    await started(fake);
    const handler = fake.record.protocolHandlers.get('app');
    const response = await handler?.(new Request('app://zervigo/index.html'));
    expect(response?.status).toBe(200);
    expect(response?.headers.get('content-security-policy')).toContain("script-src 'self';");
    expect((await handler?.(new Request('app://zervigo/..%2f..%2fpackage.json')))?.status).toBe(404);
  });

  it('puts the CSP on every response and denies every permission', async () => {
    const { file, dataDir } = workspace();
    const fake = await boot(['--workspace', file, '--data-dir', dataDir]);
    await started(fake);
    let headers: Record<string, string[]> | undefined;
    fake.record.headersFilter?.(
      { responseHeaders: { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] } },
      (response) => (headers = response.responseHeaders),
    );
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [expect.stringContaining("object-src 'none'") as unknown as string] });
    let granted: boolean | null = null;
    fake.record.permissionRequest?.({}, 'media', (answer) => (granted = answer));
    expect(granted).toBe(false);
    expect(fake.record.permissionCheck?.({}, 'notifications')).toBe(false);
  });

  it('carries commands from its own window to the engine, and refuses others', async () => {
    const { file, dataDir } = workspace();
    const fake = await boot(['--workspace', file, '--data-dir', dataDir, '--no-sandbox']);
    await started(fake);
    const contents = fake.record.windows[0]?.webContents;
    if (contents === undefined) throw new Error('no window');
    expect(await fake.invoke(contents, 'app.info')).toMatchObject({ ok: true, value: { shell: 'desktop', dataDir } });
    expect(await fake.invoke(contents, 'workspace.get')).toMatchObject({ ok: true, value: { name: 'desktop test', path: file } });
    const stranger = new FakeWebContents();
    stranger.mainFrame.url = 'app://zervigo/index.html';
    expect(await fake.invoke(stranger, 'app.info')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('runs terminals in a utility process, their output reaching the window over IPC', async () => {
    const { file, dataDir } = workspace();
    const fake = await boot(['--workspace', file, '--data-dir', dataDir]);
    await started(fake);
    const contents = fake.record.windows[0]?.webContents as FakeWebContents;
    fake.ipcMain.send(contents.event(), 'zervigo:subscribe', 'terminal.output');
    const opened = (await fake.invoke(contents, 'terminal.open', { target: { kind: 'shell' }, cols: 80, rows: 24 })) as { ok: true; value: { id: string } };
    expect(opened.ok).toBe(true);
    expect(fake.record.utilityForks).toEqual([
      { modulePath: expect.stringMatching(/main[/\\]pty-host\.js$/) as unknown, options: { serviceName: 'Zervigo terminals' } },
    ]);
    await fake.invoke(contents, 'terminal.input', { id: opened.value.id, data: 'echo via-utility-$((20+22))\r' });
    const output = () =>
      contents.sent
        .filter(([channel, name]) => channel === 'zervigo:event' && name === 'terminal.output')
        .map(([, , payload]) => (payload as { data: string }).data)
        .join('');
    await waitFor(() => output().includes('via-utility-42'), { what: 'the terminal output over IPC' });
  });

  it('shows health in the tray and pauses notifications from its menu', async () => {
    const { file, dataDir } = workspace();
    const fake = await boot(['--workspace', file, '--data-dir', dataDir]);
    await started(fake);
    const tray = fake.record.trays[0];
    const contents = fake.record.windows[0]?.webContents;
    if (tray === undefined || contents === undefined) throw new Error('no tray or window');
    await waitFor(() => tray.tooltip.startsWith('Zervigo: all healthy'), { what: 'the health in the tooltip' });
    expect(tray.image).toEqual({ file: expect.stringMatching(/resources[/\\]icons[/\\]tray-ok\.png$/) as unknown });

    const before = Date.now();
    tray.click('Pause notifications for 1 hour');
    await waitFor(() => tray.menu?.items.find((item) => item.label === 'Resume notifications')?.enabled === true, { what: 'the menu to offer resume' });
    const settings = await fake.invoke(contents, 'settings.get');
    const until = (settings as { value: { notificationsPausedUntil: number } }).value.notificationsPausedUntil;
    expect(until).toBeGreaterThanOrEqual(before + 3_600_000);
    expect(until).toBeLessThan(Date.now() + 3_600_000 + 1_000);
    expect(tray.tooltip).toMatch(/Notifications paused until/);

    tray.click('Pause until resumed');
    await waitFor(
      async () => ((await fake.invoke(contents, 'settings.get')) as { value: { notificationsPausedUntil: number } }).value.notificationsPausedUntil === 8.64e15,
    );
    tray.click('Resume notifications');
    await waitFor(
      async () =>
        ((await fake.invoke(contents, 'settings.get')) as { value: { notificationsPausedUntil: number | null } }).value.notificationsPausedUntil === null,
    );
  });

  it('notifies when a workspace edit is rejected, and not while paused', async () => {
    const { file, dataDir } = workspace();
    const fake = await boot(['--workspace', file, '--data-dir', dataDir]);
    await started(fake);
    const contents = fake.record.windows[0]?.webContents;
    if (contents === undefined) throw new Error('no window');
    fs.writeFileSync(file, 'version: 1\nname: desktop test\nservices: 5\n');
    const shown = await waitFor(() => fake.record.notifications[0], { what: 'a notification' });
    expect(shown.options).toMatchObject({ title: 'Workspace edit rejected', body: expect.stringMatching(/^zervigo\.yaml:3:11 services: /) as unknown });
    expect(shown.shown).toBe(true);
    shown.emit('click');
    expect(fake.record.windows[0]?.focused).toBeGreaterThan(0);

    await fake.invoke(contents, 'settings.update', { notificationsPausedUntil: 8.64e15 });
    fs.writeFileSync(file, 'version: 1\nname: desktop test\nservices: 6\n');
    await waitFor(
      async () =>
        (
          (await fake.invoke(contents, 'workspace.get')) as { value: { error: { issues: Array<{ message: string }> } | null } }
        ).value.error?.issues[0]?.message.includes('6'),
      { what: 'the second rejection' },
    );
    expect(fake.record.notifications).toHaveLength(1);
  });

  it('keeps running in the tray when the window closes, reopens it from the tray, and stops the engine on quit', async () => {
    const { file, dataDir } = workspace();
    const fake = await boot(['--workspace', file, '--data-dir', dataDir]);
    await started(fake);
    fake.record.windows[0]?.close();
    expect(fake.record.quits).toBe(0);
    fake.record.trays[0]?.emit('click');
    expect(fake.record.windows).toHaveLength(2);
    const contents = fake.record.windows[1]?.webContents;
    if (contents === undefined) throw new Error('no second window');
    expect(await fake.invoke(contents, 'health.get')).toMatchObject({ ok: true });

    fake.record.trays[0]?.click('Quit Zervigo');
    await waitFor(() => fake.record.quits === 2, { what: 'the second quit, after the engine stopped' });
    expect(fake.record.trays[0]?.destroyed).toBe(true);
    await expect(fake.invoke(contents, 'health.get')).rejects.toThrow(/No handler/);
    // The database was closed: a new engine on the same folder opens it at once.
    const { Engine } = await import('../../src/core/engine');
    const again = Engine.start({ shell: 'desktop', dataDir, workspacePath: file, processEnv: {} });
    await again.stop();
  });

  it('shows a startup error with the file, line and column, and exits with 1', async () => {
    const { file, dataDir } = workspace('version: 1\nname: broken\nservices:\n  api:\n    probes: 7\n');
    const fake = await boot(['--workspace', file, '--data-dir', dataDir]);
    await waitFor(() => fake.record.exits.length > 0, { what: 'the exit' });
    expect(fake.record.exits).toEqual([1]);
    expect(fake.record.errorBoxes).toHaveLength(1);
    expect(fake.record.errorBoxes[0]?.title).toBe('Zervigo could not start');
    expect(fake.record.errorBoxes[0]?.content).toContain(`${file}:5:13`);
    expect(fake.record.windows).toEqual([]);
  });

  it('refuses to start on a data folder another Zervigo holds, naming it, and exits with 1', async () => {
    const { file, dataDir } = workspace();
    const { Engine } = await import('../../src/core/engine');
    const holder = Engine.start({ shell: 'server', dataDir, workspacePath: file, processEnv: {} });
    holder.setConsoleUrl('http://127.0.0.1:7300');
    try {
      const fake = await boot(['--workspace', file, '--data-dir', dataDir]);
      await waitFor(() => fake.record.exits.length > 0, { what: 'the exit' });
      expect(fake.record.exits).toEqual([1]);
      expect(fake.record.errorBoxes[0]?.content).toMatch(
        new RegExp(`^data folder ${dataDir} is in use by another Zervigo \\(pid ${process.pid}, http://127\\.0\\.0\\.1:7300, since `),
      );
      expect(fake.record.windows).toEqual([]);
    } finally {
      await holder.stop();
    }
  });

  it('says so when the workspace file does not exist', async () => {
    const { dir, dataDir } = workspace();
    const fake = await boot(['--workspace', path.join(dir, 'nope.yaml'), '--data-dir', dataDir]);
    await waitFor(() => fake.record.exits.length > 0, { what: 'the exit' });
    expect(fake.record.exits).toEqual([1]);
    expect(fake.record.errorBoxes[0]?.content).toMatch(/nope\.yaml does not exist/);
  });

  it('quits at once when another instance runs, leaving it to focus its window', async () => {
    const { file, dataDir } = workspace();
    const fake = await boot(['--workspace', file, '--data-dir', dataDir], { singleInstance: false });
    await waitFor(() => fake.record.quits > 0, { what: 'the quit' });
    expect(fake.record.quits).toBe(1);
    expect(fake.record.windows).toEqual([]);
    expect(fs.existsSync(dataDir)).toBe(false);
    electron = null;
  });

  it('focuses its window when a second instance starts', async () => {
    const { file, dataDir } = workspace();
    const fake = await boot(['--workspace', file, '--data-dir', dataDir]);
    await started(fake);
    const focused = fake.record.windows[0]?.focused ?? 0;
    fake.app.emit('second-instance', {}, ['electron', '.'], process.cwd());
    expect(fake.record.windows).toHaveLength(1);
    expect(fake.record.windows[0]?.focused).toBe(focused + 1);
  });

  it('loads the dev server in development and trusts only its origin', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173';
    const { file, dataDir } = workspace();
    const fake = await boot(['--workspace', file, '--data-dir', dataDir]);
    await started(fake);
    const contents = fake.record.windows[0]?.webContents;
    if (contents === undefined) throw new Error('no window');
    expect(fake.record.windows[0]?.url).toBe('http://localhost:5173');
    expect(fake.record.protocolHandlers.size).toBe(0);
    expect(await fake.invoke(contents, 'health.get')).toMatchObject({ ok: true });
    contents.mainFrame.url = 'app://zervigo/index.html';
    expect(await fake.invoke(contents, 'health.get')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
