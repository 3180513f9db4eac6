import { spawn, type ChildProcess } from 'node:child_process';
import { stopProcess } from './cli';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

export interface LoopbackDaemon {
  url: string;
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * A server binary from Debian (prometheus, victoria-metrics, alertmanager) on a free port of
 * 127.0.0.1, ready once `readyPath` answers 200; its stderr is kept for the error if it exits.
 */
export async function startLoopbackDaemon(binary: string, args: (port: number) => string[], readyPath: string): Promise<LoopbackDaemon> {
  const port = await freePort();
  const child = spawn(binary, args(port), { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const name = binary.split('/').pop() ?? binary;
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}: ${log}`);
        return (await fetch(`${url}${readyPath}`)).status === 200;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: `${name} to be ready` },
    );
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  return { url, port, child, stop: async () => void (await stopProcess(child)) };
}
