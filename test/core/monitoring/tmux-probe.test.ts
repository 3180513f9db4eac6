import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { createTmuxCheck, tmuxOptionsOf } from '../../../src/core/monitoring/kinds/tmux-probe';
import { runCheck, sampleValue } from '../../helpers/run-check';
import { waitFor } from '../../helpers/wait-for';

const sockets: string[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) {
    try {
      execFileSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
});

/** A private tmux server (tmux -L test-<id>) with a session "dev": window "api" alive, window "worker" dead. */
function tmuxServer(): string {
  const socket = `test-${process.pid}-${sockets.length}-${Date.now()}`;
  sockets.push(socket);
  const tmux = (...args: string[]): void => {
    execFileSync('tmux', ['-L', socket, ...args], { stdio: 'ignore' });
  };
  tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'dev', '-n', 'api', 'sleep 60');
  tmux('set-option', '-g', 'remain-on-exit', 'on');
  tmux('new-window', '-d', '-t', 'dev', '-n', 'worker', 'sh -c "exit 3"');
  tmux('new-session', '-d', '-s', 'development', 'sleep 60');
  return socket;
}

const check = (target: Parameters<typeof tmuxOptionsOf>[0]) => runCheck(createTmuxCheck(tmuxOptionsOf(target)), 5_000);

describe('tmux probe (a private tmux server)', () => {
  it('passes for a live window and pane', async () => {
    const socket = tmuxServer();
    const result = await check({ socket, session: 'dev', window: 'api' });
    expect(result).toMatchObject({ ok: true });
    expect(sampleValue(result, 'tmux_panes_dead')).toBe(0);
    expect(await check({ socket, session: 'dev', window: 'api', pane: 0 })).toMatchObject({ ok: true });
  });

  it('is down when the pane is dead, with its exit status', async () => {
    const socket = tmuxServer();
    // The worker's command exits at once; the probe sees it once tmux has marked the pane dead.
    const dead = await waitFor(
      async () => {
        const result = await check({ socket, session: 'dev', window: 'worker' });
        return result.ok ? undefined : result;
      },
      { what: 'the dead pane' },
    );
    expect(dead).toMatchObject({ ok: false, reason: 'pane dev:1.0 is dead (exit status 3)' });
    // The session as a whole has a dead pane too.
    expect(await check({ socket, session: 'dev' })).toMatchObject({ ok: false });
  });

  it('matches session names exactly, not by prefix', async () => {
    const socket = tmuxServer();
    expect(await check({ socket, session: 'develop' })).toMatchObject({ ok: false, reason: 'tmux session "develop" does not exist' });
    expect(await check({ socket, session: 'development' })).toMatchObject({ ok: true });
  });

  it('says what is missing: the window, the session, the server', async () => {
    const socket = tmuxServer();
    expect(await check({ socket, session: 'dev', window: 'db' })).toMatchObject({ ok: false, reason: 'tmux window dev:db does not exist' });
    expect(await check({ socket: `${socket}-none`, session: 'dev' })).toMatchObject({
      ok: false,
      reason: `no tmux server is running on socket "${socket}-none"`,
    });
  });

  it('reads "session:window.pane" targets', () => {
    expect(tmuxOptionsOf('dev:api.1')).toEqual({ socket: 'default', session: 'dev', window: 'api', pane: '1' });
    expect(tmuxOptionsOf('dev')).toEqual({ socket: 'default', session: 'dev', window: undefined, pane: undefined });
  });
});
