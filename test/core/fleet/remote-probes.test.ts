import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import type { ProbeState } from '../../../src/shared/types/monitoring';
import { runCli, startServe, stopProcess } from '../../helpers/cli';
import { tempDir, writeFile } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function agent(): Promise<{ url: string; token: string; pid: number; stop: () => Promise<number | null> }> {
  const dir = tempDir();
  const dataDir = tempDir();
  writeFile(dir, 'zervigo.yaml', 'version: 1\n');
  const serve = await startServe(['--port', '0', '--data-dir', dataDir], { cwd: dir });
  return {
    url: serve.url,
    token: runCli(['token', '--data-dir', dataDir]).stdout.trim(),
    pid: serve.child.pid as number,
    stop: () => stopProcess(serve.child),
  };
}

/** The process holding the client end of a loopback connection, from /proc (the inode of its socket among a process's fds). */
function clientIsProcess(socket: Socket, pid: number): boolean {
  const port = (socket.remotePort ?? 0).toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[1]?.endsWith(`:${port}`)) inodes.add(fields[9] as string);
    }
  }
  let fds: string[];
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false; // A process that has exited reaches nothing.
  }
  for (const fd of fds) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match !== null && inodes.has(match[1] as string)) return true;
    } catch {
      // The fd closed while we looked.
    }
  }
  return false;
}

/** An HTTP target only one process can reach: any other client's connection is reset (as a firewall's REJECT would). */
async function targetOnlyFor(pid: number): Promise<string> {
  const server = http.createServer((_request, response) => response.end('ok'));
  server.on('connection', (socket) => {
    if (!clientIsProcess(socket, pid)) socket.resetAndDestroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
}

/**
 * Remote probes: a probe with `from: [alpha, beta, local]` runs on each place — on real
 * `zervigo serve` agents through probes.run_once — against a target only alpha can reach. Each
 * place has its own state and its own probe_success{from}, and an agent that is gone makes its
 * place fail with why.
 */
describe('remote probes (from: [agents])', () => {
  it('checks from each agent, labels the series from="<agent>", and fails the place of an unreachable agent', async () => {
    const [alpha, beta] = await Promise.all([agent(), agent()]);
    const target = await targetOnlyFor(alpha.pid);
    const dir = tempDir();
    const file = writeFile(dir, 'zervigo.yaml', 'version: 1\n');
    const engine = Engine.start({ dataDir: tempDir(), workspacePath: file, shell: 'server', logger: silentLogger, processEnv: {}, probeSpreadMs: 1 });
    cleanups.push(() => engine.stop());
    const operator = { actor: 'operator', transport: 'internal' } as const;
    await engine.dispatch('agents.add', { name: 'alpha', url: alpha.url, token: alpha.token }, operator);
    await engine.dispatch('agents.add', { name: 'beta', url: beta.url, token: beta.token }, operator);

    const workspace = (places: string) => `version: 1
services:
  api:
    probes:
      - name: reach
        http: ${target}
        from: [${places}]
        every: 1s
        timeout: 1s
        retries: 0
`;
    // An agent the console does not have is refused where it is written, with the near name.
    expect(() => engine.workspace.save(workspace('alpha, betta'), 'app')).toThrow(
      /zervigo\.yaml:7:23: services\.api\.probes\[0\]\.from\[1\]: no agent "betta"; did you mean "beta"\?/,
    );

    engine.workspace.save(workspace('alpha, beta, local'), 'app');
    const probes = async () => new Map(((await engine.dispatch('probes.list', undefined, operator)) as ProbeState[]).map((state) => [state.id, state]));
    const settled = await waitFor(
      async () => {
        const states = await probes();
        const ok =
          states.get('api/reach@alpha')?.status === 'up' &&
          states.get('api/reach@beta')?.status === 'down' &&
          // Beta's first check may fail while its link still connects; wait for a check it ran.
          /reset|hang up|closed/i.test(states.get('api/reach@beta')?.reason ?? '') &&
          states.get('api/reach@local')?.status === 'down';
        if (!ok) throw new Error(JSON.stringify([...states.values()].map((state) => [state.id, state.status, state.reason])));
        return states;
      },
      { timeoutMs: 20_000, what: 'alpha up, beta and local down' },
    );
    expect(settled.get('api/reach@beta')?.reason).toMatch(/reset|hang up|closed/i);
    expect(settled.get('api/reach@alpha')?.target).toBe(`${target} from alpha`);

    // Each place's result is the probe's series, labelled with where it ran.
    const value = async (from: string) => {
      const result = (await engine.dispatch('metrics.instant', { query: `probe_success{service="api",probe="reach",from="${from}"}` }, operator)) as {
        result: { value: [number, string] }[];
      };
      return result.result[0]?.value[1];
    };
    // (Written in the store's next batch: a moment after the state.)
    await waitFor(async () => (await value('alpha')) === '1' && (await value('beta')) === '0', {
      timeoutMs: 5_000,
      what: 'probe_success 1 from alpha, 0 from beta',
    });

    // Alpha goes away: its place fails, saying the agent is not up (not silence, not its last result).
    await alpha.stop();
    const gone = await waitFor(
      async () => {
        const state = (await probes()).get('api/reach@alpha');
        if (state?.status !== 'down') throw new Error(`api/reach@alpha is ${state?.status}: ${state?.reason}`);
        return state;
      },
      { timeoutMs: 20_000, what: 'the probe from a stopped agent to fail' },
    );
    expect(gone.reason).toMatch(/^agent alpha is (down|connecting)/);
    await waitFor(async () => (await value('alpha')) === '0', { timeoutMs: 5_000, what: 'probe_success{from="alpha"} to be 0' });
    await beta.stop();
  }, 60_000);
});
