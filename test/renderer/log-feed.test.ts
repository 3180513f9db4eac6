import { describe, expect, it } from 'vitest';
import type { Bridge } from '../../src/shared/bridge';
import type { LogLine, LogTailBatch } from '../../src/shared/types/logs';
import { LogFeed } from '../../src/renderer/src/pages/logs/log-feed';
import { displayText, highlightParts, logsRouteParams } from '../../src/renderer/src/format/log-level';

const line = (id: number): LogLine => ({ id, ts: id, level: 'info', service: 'api', source: 'api.log', patternId: null, text: `line ${id}` });

/** A Bridge that answers from a table and lets the test emit events, recording every call. */
function fakeBridge(answers: Record<string, (input: unknown) => unknown>) {
  const calls: [string, unknown][] = [];
  let emitLines: ((batch: LogTailBatch) => void) | null = null;
  const bridge = {
    invoke: async (name: string, input: unknown) => {
      calls.push([name, input]);
      return answers[name]?.(input);
    },
    subscribe: (_name: string, listener: (payload: unknown) => void) => {
      emitLines = listener;
      return () => (emitLines = null);
    },
  } as unknown as Bridge;
  return { bridge, calls, emit: (batch: LogTailBatch) => emitLines?.(batch) };
}

describe('the Logs page feed', () => {
  it('shows the newest page oldest-first, then appends tail batches and acknowledges each', async () => {
    const { bridge, calls, emit } = fakeBridge({
      'logs.search': () => ({ lines: [line(3), line(2), line(1)], nextCursor: '1', complete: true, terms: ['line'], tookMs: 1 }),
      'logs.tail': () => ({ tailId: 't1', terms: ['line'] }),
    });
    const feed = new LogFeed(bridge);
    await feed.load({ query: 'line', rangeMs: 3_600_000, live: true });
    expect(feed.getState().lines.map((l) => l.id)).toEqual([1, 2, 3]);
    expect(calls.find(([name]) => name === 'logs.tail')?.[1]).toEqual({ query: 'line', afterId: 3 });
    emit({ tailId: 'other', lines: [line(9)], dropped: 0 });
    emit({ tailId: 't1', lines: [line(4), line(5)], dropped: 2 });
    expect(feed.getState().lines.map((l) => l.id)).toEqual([1, 2, 3, 4, 5]);
    expect(feed.getState().dropped).toBe(2);
    expect(calls.filter(([name]) => name === 'logs.tailAck')).toEqual([['logs.tailAck', { tailId: 't1' }]]);
    feed.dispose();
    await Promise.resolve();
    expect(calls.at(-1)).toEqual(['logs.untail', { tailId: 't1' }]);
  });

  it('keeps a batch that overtook the answer to logs.tail, and holds no more than its limit', async () => {
    let emitNow: (() => void) | null = null;
    const { bridge, emit } = fakeBridge({
      'logs.search': () => ({ lines: [], nextCursor: null, complete: true, terms: [], tookMs: 1 }),
      'logs.tail': () => {
        emitNow?.();
        return { tailId: 't2', terms: [] };
      },
    });
    const feed = new LogFeed(bridge, 3);
    emitNow = () => emit({ tailId: 't2', lines: [line(1), line(2)], dropped: 0 });
    await feed.load({ query: '', rangeMs: null, live: true });
    expect(feed.getState().lines.map((l) => l.id)).toEqual([1, 2]);
    emit({ tailId: 't2', lines: [line(3), line(4), line(5)], dropped: 0 });
    expect(feed.getState().lines.map((l) => l.id)).toEqual([3, 4, 5]);
  });
});

describe('log formatting', () => {
  it('highlights every term in any case', () => {
    expect(highlightParts('Timeout after TIMEOUT', ['timeout'])).toEqual([
      { text: 'Timeout', match: true },
      { text: ' after ', match: false },
      { text: 'TIMEOUT', match: true },
    ]);
  });

  it('reads JSON and logfmt lines as message plus fields, and drops the level word', () => {
    expect(displayText('{"level":"info","time":1,"msg":"order placed","orderId":7}')).toEqual({ message: 'order placed', fields: 'orderId=7' });
    expect(displayText('time=2026-11-22T10:00:00Z level=warn msg="slow render" page=/checkout')).toEqual({ message: 'slow render', fields: 'page=/checkout' });
    expect(displayText('ERROR connection reset')).toEqual({ message: 'connection reset', fields: '' });
  });

  it('reads the jump route with its query in the hash or in the URL', () => {
    expect(logsRouteParams('#/logs?service=api&at=1700000000000', '')).toEqual({ service: 'api', at: 1700000000000, query: null, range: null });
    expect(logsRouteParams('#/logs', '?service=web&q=timeout')).toEqual({ service: 'web', at: null, query: 'timeout', range: null });
    // A service page links its logs over its own time range.
    expect(logsRouteParams('#/logs?service=api&range=6h', '')).toEqual({ service: 'api', at: null, query: null, range: '6h' });
  });
});
