import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import type { AgentEvent, AgentView } from '../../../src/shared/types/fleet';
import type { LogTailBatch } from '../../../src/shared/types/logs';
import { runCli, startServe, stopProcess } from '../../helpers/cli';
import { tempDir, writeFile } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const operator = { actor: 'operator', transport: 'internal' } as const;

/**
 * The agent tail path of the Logs page's live tail, against a real `zervigo serve` agent: the
 * console follows the agent's logs.lines (agents.follow), starts a tail there (agents.call
 * logs.tail), and the lines appended to the agent's log file arrive on the console's bus as
 * agents.event, batch after batch as each is acknowledged on the agent (agents.call logs.tailAck).
 */
describe("agents.follow: an agent's live tail relayed to the console", () => {
  it('relays the lines appended on the agent as agents.event logs.lines, one batch per acknowledgement', async () => {
    const agentDir = tempDir();
    const agentData = tempDir();
    writeFile(agentDir, 'zervigo.yaml', 'version: 1\nservices:\n  api:\n    logs: [{ path: ./app.log }]\n');
    const log = writeFile(agentDir, 'app.log', '');
    const serve = await startServe(['--port', '0', '--data-dir', agentData], { cwd: agentDir });
    cleanups.push(async () => void (await stopProcess(serve.child)));
    const token = runCli(['token', '--data-dir', agentData]).stdout.trim();

    const dir = tempDir();
    const engine = Engine.start({
      dataDir: tempDir(),
      workspacePath: writeFile(dir, 'zervigo.yaml', 'version: 1\n'),
      shell: 'server',
      logger: silentLogger,
      processEnv: {},
    });
    cleanups.push(() => engine.stop());
    const relayed: AgentEvent[] = [];
    cleanups.push(engine.bus.on('agents.event', (event) => void relayed.push(event)));
    await engine.dispatch('agents.add', { name: 'alpha', url: serve.url, token }, operator);
    await waitFor(async () => ((await engine.dispatch('agents.list', {}, operator)) as AgentView[])[0]?.state === 'up' || undefined, {
      timeoutMs: 30_000,
      what: 'agent alpha up',
    });
    // The agent reads its file from the end: wait until its source is open before writing.
    await waitFor(
      async () => {
        const status = (await engine.dispatch('agents.call', { agent: 'alpha', command: 'logs.status' }, operator)) as { sources: { state: string }[] };
        return status.sources.some((source) => source.state === 'following') || undefined;
      },
      { timeoutMs: 20_000, what: "the agent's log source open" },
    );

    const following = (await engine.dispatch('agents.follow', { agent: 'alpha', events: ['logs.lines'] }, operator)) as { following: string[] };
    expect(following.following).toEqual(['logs.lines']);
    const { tailId } = (await engine.dispatch('agents.call', { agent: 'alpha', command: 'logs.tail', input: { query: 'checkout' } }, operator)) as {
      tailId: string;
    };
    const lines = (): string[] =>
      relayed
        .filter((event) => event.agent === 'alpha' && event.name === 'logs.lines' && (event.payload as LogTailBatch).tailId === tailId)
        .flatMap((event) => (event.payload as LogTailBatch).lines.map((line) => line.text));

    fs.appendFileSync(log, `${new Date().toISOString()} INFO checkout 1 paid\n${new Date().toISOString()} INFO health ok\n`);
    await waitFor(() => (lines().length >= 1 ? true : undefined), {
      timeoutMs: 20_000,
      what: `alpha's first batch relayed (events seen: ${relayed.map((event) => event.name).join(', ')})`,
    });
    expect(lines()).toEqual([expect.stringContaining('checkout 1 paid')]);

    // The next batch waits for the acknowledgement, given on the agent through the console.
    fs.appendFileSync(log, `${new Date().toISOString()} INFO checkout 2 paid\n`);
    await engine.dispatch('agents.call', { agent: 'alpha', command: 'logs.tailAck', input: { tailId } }, operator);
    await waitFor(() => (lines().length >= 2 ? true : undefined), { timeoutMs: 20_000, what: "alpha's second batch relayed" });
    expect(lines()).toEqual([expect.stringContaining('checkout 1 paid'), expect.stringContaining('checkout 2 paid')]);
    expect(path.basename(log)).toBe('app.log');
  }, 90_000);
});
