import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import { afterEach } from 'vitest';
import { TmuxClient } from '../../src/core/sessions/tmux-client';

const sockets: string[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) spawnSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
});

/** A private tmux server (`tmux -L test-<id>`), killed after the test. */
export function privateTmux(): { socket: string; client: TmuxClient; tmux: (...args: string[]) => string } {
  const socket = `test-${crypto.randomBytes(4).toString('hex')}`;
  sockets.push(socket);
  const client = new TmuxClient({ socket });
  const tmux = (...args: string[]): string => {
    const result = spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };
  return { socket, client, tmux };
}
