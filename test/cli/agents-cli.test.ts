import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serverClient } from '../../src/cli/server-client';
import type { AlertView } from '../../src/shared/types/alerts';
import type { AgentView, FleetServices } from '../../src/shared/types/fleet';
import { runCli, runCliAsync, startServe, stopProcess, type ServeProcess } from '../helpers/cli';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

/** A `zervigo serve` over its own folder and workspace; its API token as `zervigo token` prints it. */
async function serve(workspace: string): Promise<ServeProcess & { dataDir: string; token: string }> {
  const dir = tempDir();
  const dataDir = tempDir();
  writeFile(dir, 'zervigo.yaml', workspace);
  const process = await startServe(['--port', '0', '--data-dir', dataDir], { cwd: dir });
  return { ...process, dataDir, token: runCli(['token', '--data-dir', dataDir]).stdout.trim() };
}

/**
 * One console over two agents, all real `zervigo serve` processes on 127.0.0.1: agents added
 * with the CLI, health and versions listed, both agents' services in one list naming their host,
 * a command run on the agent that owns the service, a wrong token refused with what to do, and an
 * agent that goes away is an AgentDown alert.
 */
describe('zervigo agents', () => {
  it('adds agents, lists them up with version and latency, merges their services, operates one, refuses a wrong token and alerts when one goes away', async () => {
    const agentA = await serve('version: 1\nservices:\n  web-a: { start: [sleep, "60"], autostart: false }\n');
    const agentB = await serve('version: 1\nservices:\n  web-b: { start: [sleep, "60"], autostart: false }\n');
    const console = await serve('version: 1\nevaluation_interval: 1s\nfleet: { agent_down_for: 1s, health_every: 1s }\n');
    const cli = (...args: string[]) => runCliAsync(['agents', ...args, '--url', console.url, '--data-dir', console.dataDir]);

    const added = await cli('add', 'a', agentA.url, '--token', agentA.token);
    expect([added.status, added.stderr, added.stdout]).toEqual([0, '', `added agent a (${agentA.url}); \`zervigo agents list\` shows when it is up\n`]);
    expect((await cli('add', 'b', agentB.url, '--token', agentB.token)).status).toBe(0);
    expect((await cli('add', 'wrong', agentB.url, '--token', 'not-the-token')).status).toBe(0);
    const again = await cli('add', 'a', agentB.url);
    expect([again.status, again.stderr]).toEqual([1, 'zervigo: an agent "a" is already added (' + agentA.url + '); remove it first, or pass replace\n']);

    const listed = await waitFor(
      async () => {
        const list = JSON.parse((await cli('list', '--json')).stdout) as AgentView[];
        return list.filter((agent) => agent.state === 'up').length === 2 && list.some((agent) => agent.state === 'refused') ? list : undefined;
      },
      { timeoutMs: 20_000, what: 'both agents up and the wrong token refused' },
    );
    expect(listed.map((agent) => [agent.name, agent.state])).toEqual([
      ['a', 'up'],
      ['b', 'up'],
      ['wrong', 'refused'],
    ]);
    expect(listed[0]).toMatchObject({ url: agentA.url, protocol: 1, missing: [], health: { level: 'ok' } });
    expect(listed[0]?.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(listed[0]?.latencyMs).toEqual(expect.any(Number));
    expect(listed[2]?.reason).toMatch(/refused the token \(HTTP 401\).*zervigo agents add wrong/);
    const table = (await cli('list')).stdout.split('\n');
    expect(table[0]).toMatch(/^NAME\s+STATE\s+ADDRESS\s+VERSION\s+LATENCY\s+HEALTH\s+REASON$/);
    expect(table[1]).toMatch(new RegExp(`^a\\s+up\\s+${agentA.url.replace(/[.:/]/g, '\\$&')}\\s+\\S+\\s+\\d+ ms\\s+ok`));

    // One list of services, each naming its host; the command goes to the agent that owns it.
    const api = serverClient(console.url, console.token);
    const services = await api.call<FleetServices>('GET', '/fleet/services');
    expect(services.services.map((service) => [service.host, service.name])).toEqual([
      ['a', 'web-a'],
      ['b', 'web-b'],
    ]);
    expect(services.missing).toEqual([{ agent: 'wrong', reason: expect.stringMatching(/^refused: /) as string }]);
    await api.call('POST', '/rpc/agents.call', { agent: 'b', command: 'services.start', input: { services: ['web-b'] } });
    await waitFor(
      async () => (await api.call<FleetServices>('GET', '/fleet/services')).services.find((service) => service.name === 'web-b')?.status === 'running',
      {
        timeoutMs: 15_000,
        what: 'web-b running on agent b, seen by the console',
      },
    );
    const refusedCall = await api.call('POST', '/rpc/agents.call', { agent: 'wrong', command: 'services.list' }).catch((error: Error) => error.message);
    expect(refusedCall).toMatch(/agent wrong is refused/);

    // Agent a goes away: down with the reason, and the AgentDown alert fires on the console.
    await stopProcess(agentA.child);
    const down = await waitFor(async () => (await api.call<AgentView[]>('GET', '/agents')).find((agent) => agent.name === 'a' && agent.state === 'down'), {
      timeoutMs: 15_000,
      what: 'agent a down',
    });
    expect(down.reason).toMatch(/agent a (dropped|is unreachable)/);
    const alert = await waitFor(
      async () =>
        (await api.call<AlertView[]>('GET', '/alerts')).find(
          (entry) => entry.alertname === 'AgentDown' && entry.labels.agent === 'a' && entry.state === 'firing',
        ),
      {
        timeoutMs: 20_000,
        what: 'AgentDown firing',
      },
    );
    expect(alert.labels).toMatchObject({ agent: 'a', severity: 'critical' });
    // The refused agent is not grey either: it fires too, until it is fixed or removed.
    expect((await api.call<AlertView[]>('GET', '/alerts')).some((entry) => entry.alertname === 'AgentDown' && entry.labels.agent === 'wrong')).toBe(true);

    const removed = await cli('remove', 'wrong');
    expect(removed.stdout).toBe('removed agent wrong\n');
    expect((JSON.parse((await cli('list', '--json')).stdout) as AgentView[]).map((agent) => agent.name)).toEqual(['a', 'b']);
  }, 90_000);

  it("refuses to remove an agent that probes' from: name, naming each probe at file:line:col, unless --force", async () => {
    const workspace = `version: 1
services:
  api:
    probes:
      - { tcp: "127.0.0.1:9", every: 10s, from: [beta] }
      - { tcp: "127.0.0.1:9", every: 10s }
  db:
    probes:
      - name: reach
        tcp: "127.0.0.1:9"
        every: 10s
        from: [local, beta]
`;
    // A from: naming an agent not added is refused at load: the agents first, then the probes.
    const dir = tempDir();
    const dataDir = tempDir();
    const file = writeFile(dir, 'zervigo.yaml', 'version: 1\n');
    const console = await startServe(['--port', '0', '--data-dir', dataDir], { cwd: dir });
    const cli = (...args: string[]) => runCliAsync(['agents', ...args, '--url', console.url, '--data-dir', dataDir]);
    expect((await cli('add', 'beta', 'http://127.0.0.1:9')).status).toBe(0);
    expect((await cli('add', 'gamma', 'http://127.0.0.1:9')).status).toBe(0);
    fs.writeFileSync(file, workspace);
    const api = serverClient(console.url, runCli(['token', '--data-dir', dataDir]).stdout.trim());
    await waitFor(async () => ((await api.call<{ name: string }[]>('GET', '/services')).length === 2 ? true : undefined), {
      timeoutMs: 20_000,
      what: 'the workspace with the probes loaded',
    });

    // Where each "beta" of a from: is written, as line:col.
    const at = (nth: number) => {
      let offset = -1;
      for (let i = 0; i <= nth; i++) offset = workspace.indexOf('beta', offset + 1);
      const before = workspace.slice(0, offset);
      return `${before.split('\n').length}:${offset - before.lastIndexOf('\n')}`;
    };
    const refused = await cli('remove', 'beta');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^zervigo: agent beta is named in the from: of 2 probes; take it out there first, or remove it anyway \(force; --force\)/);
    const lines = refused.stderr.trim().split('\n').slice(1);
    // The workspace file, at the name's line:col.
    expect(lines).toEqual([`  ${file}:${at(0)}  api/tcp#0`, `  ${file}:${at(1)}  db/reach`]);
    expect((JSON.parse((await cli('list', '--json')).stdout) as AgentView[]).map((agent) => agent.name)).toEqual(['beta', 'gamma']);

    // An agent no probe names goes at once; --force removes the named one and says what now fails.
    expect((await cli('remove', 'gamma')).stdout).toBe('removed agent gamma\n');
    const forced = await cli('remove', 'beta', '--force');
    expect([forced.status, forced.stderr]).toEqual([0, '']);
    expect(forced.stdout.split('\n').slice(0, 2)).toEqual([
      'removed agent beta',
      'still named in from: (these probes now fail with "no agent beta", and the file is refused at its next load until they are edited):',
    ]);
    expect(forced.stdout.split('\n').slice(2, 4)).toEqual(lines);
    expect(JSON.parse((await cli('list', '--json')).stdout)).toEqual([]);
  }, 60_000);
});
