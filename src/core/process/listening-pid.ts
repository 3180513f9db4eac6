import fs from 'node:fs';
import net from 'node:net';
import { listeningSockets, socketInodesOf } from './listening-ports';

/** True when something accepts a TCP connection on 127.0.0.1:port within the timeout. */
export function portAnswers(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (answer: boolean): void => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * The pid of the process listening on a TCP port, from /proc/net/tcp{,6} (the socket's inode)
 * and /proc/<pid>/fd (who holds it). Null where /proc is missing or the process is not ours to see.
 */
export function listeningPid(port: number): number | null {
  const inodes = new Set<string>();
  for (const [inode, listening] of listeningSockets() ?? []) if (listening === port) inodes.add(inode);
  if (inodes.size === 0) return null;
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return null;
  }
  for (const pid of pids) if (socketInodesOf(Number(pid)).some((inode) => inodes.has(inode))) return Number(pid);
  return null;
}
