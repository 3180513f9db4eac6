import { describe, expect, it } from 'vitest';
import type { Bridge } from '../../src/shared/bridge';
import type { FleetLogs } from '../../src/shared/types/fleet';
import type { LogLine } from '../../src/shared/types/logs';
import { LogFeed, type FeedLine } from '../../src/renderer/src/pages/logs/log-feed';

const line = (id: number, ts: number, host: string): LogLine & { host: string } => ({
  id,
  ts,
  level: 'info',
  service: 'api',
  source: 'api.log',
  patternId: null,
  text: `line ${id} on ${host}`,
  host,
});

/** A Bridge answering from a table, with every subscription kept so the test can emit any event. */
function fakeBridge(answers: Record<string, (input: unknown) => unknown>) {
  const calls: [string, unknown][] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const bridge = {
    invoke: async (name: string, input: unknown) => {
      calls.push([name, input]);
      const answer = answers[name];
      if (answer === undefined) throw new Error(`no answer for ${name}`);
      return answer(input);
    },
    subscribe: (name: string, listener: (payload: unknown) => void) => {
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      return () => set.delete(listener);
    },
  } as unknown as Bridge;
  const emit = (name: string, payload: unknown) => {
    for (const listener of listeners.get(name) ?? []) listener(payload);
  };
  return { bridge, calls, emit, listening: (name: string) => listeners.get(name)?.size ?? 0 };
}

const shown = (lines: readonly FeedLine[]) => lines.map((entry) => `${entry.host}:${entry.id}@${entry.ts}`);

describe('the Logs feed over several hosts', () => {
  it("merges the hosts' lines by time, tails each host through its own logs.tail, and names a host that cannot answer", async () => {
    const first: FleetLogs = {
      lines: [line(7, 300, 'alpha'), line(3, 200, 'local'), line(7, 100, 'beta')].map((entry) => entry),
      terms: ['line'],
      cursors: { local: '3', alpha: null, beta: '7' },
      complete: true,
      total: { count: 9, exact: true },
      tookMs: 2,
      missing: [{ agent: 'gamma', reason: 'agent gamma is down: connect ECONNREFUSED 127.0.0.1:7399' }],
    };
    const older: FleetLogs = { ...first, lines: [line(2, 50, 'local'), line(6, 60, 'beta')], cursors: { local: null, beta: null }, missing: [] };
    const { bridge, calls, emit } = fakeBridge({
      'fleet.logs': (input) => ((input as { cursors?: string[] }).cursors === undefined ? first : older),
      'logs.tail': () => ({ tailId: 'local-tail', terms: [] }),
      'agents.follow': () => ({ following: ['logs.lines'] }),
      'agents.call': (input) => {
        const { agent, command } = input as { agent: string; command: string };
        if (command === 'logs.tail') return { tailId: `${agent}-tail`, terms: [] };
        return { active: true };
      },
      'logs.tailAck': () => ({ active: true }),
      'logs.untail': () => ({ active: false }),
    });
    const feed = new LogFeed(bridge);
    await feed.load({ query: 'line', rangeMs: null, live: true, host: 'all' });

    expect(calls[0]).toEqual(['fleet.logs', { query: 'line', limit: 500 }]);
    expect(shown(feed.getState().lines)).toEqual(['beta:7@100', 'local:3@200', 'alpha:7@300']);
    expect(feed.getState().missing).toEqual(first.missing);
    expect(feed.getState().total).toEqual({ count: 9, exact: true });

    // Each host that answered is tailed from its own newest id: this console directly, agents through agents.call.
    expect(calls.filter(([name]) => name === 'logs.tail')).toEqual([['logs.tail', { query: 'line', afterId: 3 }]]);
    const agentTails = calls.filter(([name, input]) => name === 'agents.call' && (input as { command: string }).command === 'logs.tail');
    const byAgent = (a: unknown, b: unknown) => (a as { agent: string }).agent.localeCompare((b as { agent: string }).agent);
    expect(agentTails.map(([, input]) => input).sort(byAgent)).toEqual([
      { agent: 'alpha', command: 'logs.tail', input: { query: 'line', afterId: 7 } },
      { agent: 'beta', command: 'logs.tail', input: { query: 'line', afterId: 7 } },
    ]);
    expect(
      calls
        .filter(([name]) => name === 'agents.follow')
        .map(([, input]) => input)
        .sort(byAgent),
    ).toEqual([
      { agent: 'alpha', events: ['logs.lines'] },
      { agent: 'beta', events: ['logs.lines'] },
    ]);

    // Relayed batches land in time order under their host; ids are each host's own (beta's 8 is not local's 8).
    emit('agents.event', {
      agent: 'alpha',
      name: 'logs.lines',
      payload: { tailId: 'alpha-tail', lines: [line(8, 250, 'alpha'), line(7, 300, 'alpha')], dropped: 0 },
    });
    emit('logs.lines', { tailId: 'local-tail', lines: [line(8, 400, 'local')], dropped: 1 });
    emit('agents.event', { agent: 'beta', name: 'logs.lines', payload: { tailId: 'not-ours', lines: [line(99, 500, 'beta')], dropped: 0 } });
    expect(shown(feed.getState().lines)).toEqual(['beta:7@100', 'local:3@200', 'alpha:8@250', 'alpha:7@300', 'local:8@400']);
    expect(feed.getState().dropped).toBe(1);
    // Each batch is acknowledged to the host it came from.
    expect(calls.filter(([name]) => name === 'logs.tailAck')).toEqual([['logs.tailAck', { tailId: 'local-tail' }]]);
    expect(
      calls.some(
        ([name, input]) =>
          name === 'agents.call' && (input as { command: string }).command === 'logs.tailAck' && (input as { agent: string }).agent === 'alpha',
      ),
    ).toBe(true);

    // Older lines: only the hosts that have some, each from its own cursor.
    await feed.loadOlder();
    expect(calls.filter(([name]) => name === 'fleet.logs').at(-1)).toEqual(['fleet.logs', { query: 'line', limit: 500, cursors: ['local:3', 'beta:7'] }]);
    expect(shown(feed.getState().lines).slice(0, 2)).toEqual(['local:2@50', 'beta:6@60']);
    expect(feed.getState().olderCursor).toBeNull();

    feed.dispose();
    await new Promise((resolve) => setImmediate(resolve));
    expect(
      calls.filter(([name, input]) => name === 'logs.untail' || (name === 'agents.call' && (input as { command: string }).command === 'logs.untail')),
    ).toHaveLength(3);
  });

  it('asks one agent only, and says when its tail could not start', async () => {
    const { bridge, calls } = fakeBridge({
      'fleet.logs': () => ({ lines: [line(1, 10, 'beta')], terms: [], cursors: { beta: null }, complete: true, tookMs: 1, missing: [] }),
      'agents.follow': () => {
        throw new Error('agent beta is down: its event stream closed');
      },
    });
    const feed = new LogFeed(bridge);
    await feed.load({ query: '', rangeMs: 3_600_000, live: true, host: 'beta' });
    expect(calls[0]?.[1]).toMatchObject({ query: '', limit: 500, hosts: ['beta'] });
    expect(shown(feed.getState().lines)).toEqual(['beta:1@10']);
    expect(feed.getState().missing).toEqual([{ agent: 'beta', reason: 'no live lines: agent beta is down: its event stream closed' }]);
    feed.dispose();
  });
});
