import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import { isAlive } from '../../../src/core/process/process-group';
import type { AuditEntry } from '../../../src/shared/types/operate';
import type { TmuxServerView } from '../../../src/shared/types/sessions';
import { tempDir, writeFile } from '../../helpers/temp-dir';
import { privateTmux } from '../../helpers/tmux-server';
import { waitFor } from '../../helpers/wait-for';
import { contextAs } from '../../helpers/principals';

const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

const context = contextAs('admin', 'operator');

function start(yaml: string): { engine: Engine; dir: string; call: <T>(name: string, input?: unknown) => Promise<T> } {
  const dir = tempDir();
  const engine = Engine.start({
    dataDir: tempDir(),
    workspacePath: writeFile(dir, 'zervigo.yaml', yaml),
    shell: 'server',
    logger: silentLogger,
    processEnv: {},
  });
  engines.push(engine);
  return { engine, dir, call: async <T>(name: string, input?: unknown) => (await engine.dispatch(name, input, context)) as T };
}

describe('tmux sessions from workspace layouts', () => {
  it("starts a pane's command only once its dependency is ready — no sleeps, no typing into a shell", async () => {
    const { socket, client } = privateTmux();
    const { call, engine } = start(`version: 1
tmux:
  socket: ${socket}
  layouts:
    dev:
      windows:
        - name: code
          layout: even-horizontal
          panes:
            - [sh, -c, "echo editor-up; exec sleep 60"]
            - command: [sh, -c, "echo client-started; exec sleep 60"]
              depends_on: [db]
        - name: shell
services:
  db: { start: [sleep, "60"], autostart: false }
`);
    const up = await call<{ session: string; waiting: string[] }>('sessions.up', { layout: 'dev' });
    expect(up).toEqual({ session: 'dev', waiting: ['dev:code.1 (after db)'] });
    const capture = (target: string) => call<{ text: string }>('sessions.capture', { target }).then((result) => result.text);
    await waitFor(async () => (await capture('dev:code.1')).includes('waiting for db to be ready'), { what: 'the waiting pane' });
    expect(await capture('dev:code.1')).not.toContain('client-started');
    await waitFor(async () => (await capture('dev:code.0')).includes('editor-up'), { what: 'the pane without dependencies' });

    // db is started for it; the pane's command follows once db is ready.
    await waitFor(async () => (await capture('dev:code.1')).includes('client-started'), { timeoutMs: 10_000, what: 'the dependent pane' });
    const db = engine.services.list().find((service) => service.name === 'db');
    // No probes: its process runs, which is all that is known.
    expect(db?.status).toBe('running');
    // The pane's command can print before its audit entry is closed.
    const audit = await waitFor(
      async () => {
        const entries = await call<AuditEntry[]>('audit.list', { limit: 20 });
        return entries.some((entry) => entry.action === 'session.pane-start' && entry.outcome !== 'running') ? entries : undefined;
      },
      { what: 'the pane start audited' },
    );
    const paneStart = audit.find((entry) => entry.action === 'session.pane-start');
    const dbStart = audit.find((entry) => entry.action === 'start' && entry.target === 'db');
    expect(paneStart).toMatchObject({ target: 'dev:code.1', outcome: 'ok' });
    expect(dbStart?.outcome).toBe('ok');
    expect((paneStart?.at as number) + (paneStart?.durationMs as number)).toBeGreaterThanOrEqual((dbStart?.at as number) + (dbStart?.durationMs as number));

    const view = await call<TmuxServerView>('sessions.list');
    expect(view).toMatchObject({ socket, available: true, running: true, layouts: ['dev'], attachHint: `tmux -L ${socket} attach -t dev` });
    const dev = view.sessions.find((session) => session.name === 'dev');
    expect(dev?.windows.map((window) => [window.name, window.panes.length])).toEqual([
      ['code', 2],
      ['shell', 1],
    ]);
    expect(dev?.windows[0]?.layout).toMatch(/^[0-9a-f]{4},/);
    await expect(call('sessions.up', { layout: 'dev' })).rejects.toThrow(
      `tmux session "dev" already exists; attach to it (tmux -L ${socket} attach -t dev) or kill it first`,
    );
    await expect(call('sessions.up', { layout: 'deb' })).rejects.toThrow('no layout "deb" under tmux.layouts; did you mean "dev"?');
    expect((await client.list()).map((session) => session.name)).toEqual(['dev']);
  });

  it('renames, sends keys, captures, detects a dead pane and respawns it, kills — each audited', async () => {
    const { socket, tmux } = privateTmux();
    const { call } = start(`version: 1
tmux:
  socket: ${socket}
  layouts:
    work:
      windows:
        - name: main
          panes: [[sh, -c, "echo pane-started; exec sleep 60"], { }]
`);
    await call('sessions.up', { layout: 'work' });
    await call('sessions.rename', { target: 'work:main', name: 'primary' });
    const shellPane = 'work:primary.1';
    await waitFor(async () => (await call<TmuxServerView>('sessions.list')).sessions[0]?.windows[0]?.panes[1]?.command !== '', { what: 'the shell' });
    await call('sessions.sendKeys', { target: shellPane, keys: 'echo typed-$((40+2))', enter: true });
    await waitFor(async () => (await call<{ text: string }>('sessions.capture', { target: shellPane })).text.includes('typed-42'), {
      what: 'the typed command to run',
    });

    const list = await call<TmuxServerView>('sessions.list');
    const pane = list.sessions[0]?.windows[0]?.panes[0];
    process.kill(pane?.pid as number, 'SIGTERM');
    await waitFor(async () => (await call<TmuxServerView>('sessions.list')).sessions[0]?.windows[0]?.panes[0]?.dead === true, {
      what: 'the pane to show as dead',
    });
    await call('sessions.respawn', { target: pane?.id });
    const respawned = (await call<TmuxServerView>('sessions.list')).sessions[0]?.windows[0]?.panes[0];
    expect(respawned?.dead).toBe(false);
    expect(isAlive(respawned?.pid as number)).toBe(true);

    await call('sessions.kill', { target: 'work' });
    expect(() => tmux('has-session', '-t', 'work')).toThrow();
    const audit = await call<AuditEntry[]>('audit.list', { limit: 10 });
    expect(audit.map((entry) => `${entry.action} ${entry.target} ${entry.outcome}`).reverse()).toEqual([
      'session.up work ok',
      'session.rename work:main ok',
      'session.send-keys work:primary.1 ok',
      'session.respawn ' + pane?.id + ' ok',
      'session.kill work ok',
    ]);
    // What was typed stays out of the audit log.
    expect(JSON.stringify(audit)).not.toContain('typed-');
    await expect(call('sessions.kill', { target: 'nope' })).rejects.toThrow(/tmux/);
    expect((await call<AuditEntry[]>('audit.list', { limit: 1 }))[0]).toMatchObject({ action: 'session.kill', target: 'nope', outcome: 'failed' });
  });

  it('reports a missing tmux as a state with a message, not an error', async () => {
    const dir = tempDir();
    const engine = Engine.start({
      dataDir: tempDir(),
      workspacePath: writeFile(dir, 'zervigo.yaml', 'version: 1\nservices:\n  api: { start: [sleep, "60"], tmux: true }\n'),
      shell: 'server',
      logger: silentLogger,
      processEnv: {},
      operate: { tmuxBinary: '/nonexistent/tmux' },
    });
    engines.push(engine);
    const view = (await engine.dispatch('sessions.list', undefined, context)) as TmuxServerView;
    expect(view).toMatchObject({ available: false, running: false, message: expect.stringContaining('tmux is not installed') as unknown });
    await waitFor(() => engine.services.list()[0]?.status === 'down', { what: 'autostart to fail' });
    expect(engine.services.list()[0]?.reason).toMatch(/^tmux is not installed/);
  });
});
