import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import type { FleetLogs } from '../../../src/shared/types/fleet';
import { runCli, startServe, stopProcess } from '../../helpers/cli';
import { tempDir, writeFile } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// Recent: lines older than the store's max_age are not kept.
const T0 = Math.floor(Date.now() / 1_000) * 1_000 - 600_000;
/** A log file's lines at T0 + the given seconds, each saying where it was written. */
const logText = (host: string, seconds: number[]) =>
  seconds.map((second) => `${new Date(T0 + second * 1_000).toISOString()} INFO request ${second} served on ${host}\n`).join('');

/** A workspace whose service api reads ./app.log from its start. */
const WORKSPACE = 'version: 1\nservices:\n  api:\n    logs: [{ path: ./app.log, from: start }]\n';

async function agent(host: string, seconds: number[]) {
  const dir = tempDir();
  const dataDir = tempDir();
  writeFile(dir, 'zervigo.yaml', WORKSPACE);
  writeFile(dir, 'app.log', logText(host, seconds));
  const serve = await startServe(['--port', '0', '--data-dir', dataDir], { cwd: dir });
  let stopped = false;
  const stop = async () => {
    if (!stopped) await stopProcess(serve.child);
    stopped = true;
  };
  cleanups.push(stop);
  return { url: serve.url, token: runCli(['token', '--data-dir', dataDir]).stdout.trim(), stop };
}

const operator = { actor: 'operator', transport: 'internal' } as const;

/**
 * Fleet-wide logs: one search on the console's own store and on real `zervigo serve` agents (each
 * through its own logs.search), merged by time with every line naming its host; one host at a time;
 * older pages per host from each host's cursor; an agent that is gone named with why.
 */
describe('fleet.logs: logs searched across hosts', () => {
  it('merges the hosts by time, labels each line, pages per host, and names an agent that cannot answer', async () => {
    const [alpha, beta] = await Promise.all([agent('alpha', [1, 4, 7]), agent('beta', [2, 5, 8])]);
    const dir = tempDir();
    const file = writeFile(dir, 'zervigo.yaml', WORKSPACE);
    writeFile(dir, 'app.log', logText('local', [3, 6, 9]));
    const engine = Engine.start({ dataDir: tempDir(), workspacePath: file, shell: 'server', logger: silentLogger, processEnv: {} });
    cleanups.push(() => engine.stop());
    await engine.dispatch('agents.add', { name: 'alpha', url: alpha.url, token: alpha.token }, operator);
    await engine.dispatch('agents.add', { name: 'beta', url: beta.url, token: beta.token }, operator);

    const search = async (input: Record<string, unknown>) => (await engine.dispatch('fleet.logs', { query: 'request', ...input }, operator)) as FleetLogs;
    const shown = (result: FleetLogs) => result.lines.map((line) => `${line.host}:${(line.ts - T0) / 1_000}`);
    const all = await waitFor(
      async () => {
        const result = await search({});
        if (result.lines.length < 9) throw new Error(`${shown(result).join(' ')}; missing: ${JSON.stringify(result.missing)}`);
        return result;
      },
      { timeoutMs: 30_000, what: 'nine lines from local, alpha and beta' },
    );
    // Newest first across hosts, each line naming the host it came from.
    expect(shown(all)).toEqual(['local:9', 'beta:8', 'alpha:7', 'local:6', 'beta:5', 'alpha:4', 'local:3', 'beta:2', 'alpha:1']);
    for (const line of all.lines) expect(line.text).toContain(`served on ${line.host}`);
    expect(all.total).toEqual({ count: 9, exact: true });
    expect(all.missing).toEqual([]);

    // One host, or some.
    expect(shown(await search({ hosts: ['beta'] }))).toEqual(['beta:8', 'beta:5', 'beta:2']);
    expect(shown(await search({ hosts: 'alpha,local' }))).toEqual(['local:9', 'alpha:7', 'local:6', 'alpha:4', 'local:3', 'alpha:1']);
    await expect(search({ hosts: ['gamma'] })).rejects.toThrow(/no host "gamma" \(hosts: local, alpha, beta\)/);

    // Older pages: each host goes on from its own cursor; none is skipped or repeated.
    const first = await search({ limit: 2 });
    expect(shown(first)).toEqual(['local:9', 'beta:8', 'alpha:7', 'local:6', 'beta:5', 'alpha:4']);
    const cursors = Object.entries(first.cursors).map(([host, cursor]) => `${host}:${cursor}`);
    expect(cursors).toHaveLength(3);
    const older = await search({ limit: 2, cursors });
    expect(shown(older)).toEqual(['local:3', 'beta:2', 'alpha:1']);
    expect(Object.values(older.cursors)).toEqual([null, null, null]);

    // An agent that is gone: its lines are missing and it says so; the others still answer.
    await beta.stop();
    const without = await waitFor(
      async () => {
        const result = await search({});
        if (result.missing.length === 0) throw new Error(`no host missing yet: ${shown(result).join(' ')}`);
        return result;
      },
      { timeoutMs: 20_000, what: 'beta to be named as missing' },
    );
    expect(without.missing.map((entry) => entry.agent)).toEqual(['beta']);
    expect(without.missing[0]?.reason).toMatch(/^agent beta is (down|connecting)|ECONNREFUSED|closed/);
    expect(shown(without)).toEqual(['local:9', 'alpha:7', 'local:6', 'alpha:4', 'local:3', 'alpha:1']);
  }, 90_000);
});
