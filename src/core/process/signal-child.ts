import type { ChildProcess } from 'node:child_process';

/**
 * Signals a child we spawned, if there is a process to signal. Until a failed spawn reports its
 * 'error' (a tick later), Node's child.kill() signals pid 0 — our own process group and whatever
 * started us (Node 20: stopping the journal source right after journalctl was not found did that).
 */
export function signalChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): boolean {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return false;
  return child.kill(signal);
}
