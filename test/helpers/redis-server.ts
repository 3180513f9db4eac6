import { spawn, type ChildProcess } from 'node:child_process';
import { waitFor } from './wait-for';

/**
 * Starts Debian's redis-server with `args` as the caller's child; resolves once it says it is
 * ready (the caller stops it with stopProcess), else rejects quoting what it said.
 */
export async function spawnRedisServer(args: string[], started: ChildProcess[]): Promise<ChildProcess> {
  const child = spawn('/usr/bin/redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}: ${log}`);
      return log.includes('Ready to accept connections');
    },
    { what: 'redis-server to be ready', timeoutMs: 20_000 },
  );
  return child;
}
