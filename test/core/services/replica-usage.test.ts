import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { signalGroup } from '../../../src/core/process/process-group';
import { freePortRange } from '../../helpers/free-port-range';
import { serveEngine as serve } from '../../helpers/serve-engine';
import { waitFor } from '../../helpers/wait-for';

const SERVER = path.resolve(__dirname, '../../fixtures/replicas/versioned-server.mjs');

/** A process's resident memory now, from /proc (what the engine's sampler reads too). */
function rssOf(pid: number): number {
  const line = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(line?.[1] ?? 0) * 1024;
}

describe("a replicated service's own figures, on real processes", () => {
  it('sums its replicas CPU and memory, counts those up, gives the oldest start, and names the replica that last exited', async () => {
    const port = await freePortRange(2);
    const { service } = await serve(`version: 1
machine: false
services:
  web:
    start: [node, ${JSON.stringify(SERVER)}]
    port: ${port}
    replicas: 2
    ready_timeout: 10s
    env: { PORT: "\${PORT}" }
    probes: [{ http: "http://127.0.0.1:\${PORT}/", every: 1s, timeout: 1s }]
`);
    const web = await waitFor(
      async () => {
        const view = await service('web');
        const runtime = view.runtime;
        return view.reason === '2/2 up' && runtime !== null && runtime.memoryBytes !== null && runtime.cpuPercent !== null ? runtime : undefined;
      },
      { timeoutMs: 30_000, what: "web 2/2 up with CPU and memory measured (before: always null, the set's own pid being none)" },
    );
    expect(web.pid).toBeNull();
    expect(web.replicasUp).toBe(2);
    expect(web.startedAt).not.toBeNull();
    expect(web.startedAt as number).toBeLessThanOrEqual(Date.now());
    const pids = (web.replicas ?? []).map((replica) => replica.pid as number);
    const both = pids.reduce((total, pid) => total + rssOf(pid), 0);
    // Both replicas' memory, not one's: each node process is tens of MB, so one alone is far below the sum.
    expect(web.memoryBytes as number).toBeGreaterThan(both * 0.7);
    expect(web.memoryBytes as number).toBeLessThan(both * 1.3);
    expect(web.lastExit).toBeNull();

    signalGroup(pids[1] as number, 'SIGKILL');
    const after = await waitFor(
      async () => {
        const runtime = (await service('web')).runtime;
        return runtime !== null && runtime.lastExit !== null && runtime.replicasUp === 2 ? runtime : undefined;
      },
      { timeoutMs: 20_000, what: 'web#2 restarted after its kill, its exit recorded' },
    );
    expect(after.lastExit).toMatchObject({ signal: 'SIGKILL', replica: 'web#2' });
  }, 60_000);
});
