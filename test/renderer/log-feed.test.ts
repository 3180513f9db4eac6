import { describe, expect, it } from 'vitest';
import type { Bridge } from '../../src/shared/bridge';
import type { LogLine, LogTailBatch } from '../../src/shared/types/logs';
import { LogFeed } from '../../src/renderer/src/pages/logs/log-feed';
import { displayText, highlightParts, logsPath } from '../../src/renderer/src/format/log-level';
import { contextPath, logsRoutePath, readLogsRoute } from '../../src/renderer/src/pages/logs/logs-route';
import { levelFilterOf, serviceOf, withField, withLevelFilter } from '../../src/renderer/src/pages/logs/query-fields';

const line = (id: number, ts = id, service = 'api'): LogLine => ({
  id,
  ts,
  level: 'info',
  service,
  source: `${service}.log`,
  patternId: null,
  text: `line ${id}`,
});

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

describe('the feed keeps time order and true counts', () => {
  it('says how many match, pages back with the range it counted in, and merges pages and live lines by time', async () => {
    const { bridge, calls, emit } = fakeBridge({
      'logs.search': (input) => {
        const { cursor } = input as { cursor?: string };
        // Pages are cut by arrival: the second page holds line 4, older than line 5 of the first.
        if (cursor === undefined)
          return { lines: [line(9, 90), line(8, 60), line(5, 50)], nextCursor: '5', complete: true, terms: [], tookMs: 1, total: { count: 6, exact: true } };
        return { lines: [line(4, 55), line(3, 30), line(1, 10)], nextCursor: null, complete: true, terms: [], tookMs: 1 };
      },
      'logs.tail': () => ({ tailId: 't', terms: [] }),
    });
    const feed = new LogFeed(bridge);
    await feed.load({ query: '', rangeMs: 3_600_000, live: true });
    expect(feed.getState().total).toEqual({ count: 6, exact: true });
    expect(feed.getState().lines.map((l) => l.id)).toEqual([5, 8, 9]);
    expect(await feed.loadOlder()).toBe(2);
    expect(feed.getState().lines.map((l) => l.id)).toEqual([1, 3, 5, 4, 8, 9]);
    // Shown and counted agree once every page is in.
    expect(feed.getState().lines).toHaveLength(feed.getState().total?.count as number);
    // The older page is asked within the range the first page was counted in, not one moved on since.
    const starts = calls.filter(([name]) => name === 'logs.search').map(([, input]) => (input as { start: number }).start);
    expect(new Set(starts).size).toBe(1);
    // A live line from a source read late goes where its time puts it, and counts.
    emit({ tailId: 't', lines: [line(10, 58, 'db'), line(11, 95)], dropped: 0 });
    expect(feed.getState().lines.map((l) => l.id)).toEqual([1, 3, 5, 4, 10, 8, 9, 11]);
    expect(feed.getState().total).toEqual({ count: 8, exact: true });
    // The tail's backlog starts after the newest id, not after the last line shown.
    expect(calls.find(([name]) => name === 'logs.tail')?.[1]).toEqual({ query: '', afterId: 9 });
  });

  it('opens the lines around a line, of its service when asked, with more above and below', async () => {
    const around = (ids: number[], more: [boolean, boolean]) => ({
      anchor: line(5),
      lines: ids.map((id) => line(id)),
      moreBefore: more[0],
      moreAfter: more[1],
    });
    const { bridge, calls } = fakeBridge({
      'logs.context': (input) => {
        const { id, before, after } = input as { id: number; before: number; after: number };
        if (before === 0 && after === 0) return around([5], [true, true]);
        if (id === 5) return around([4, 5, 6], [true, true]);
        if (id === 4) return { anchor: line(4), lines: [line(2), line(3), line(4)], moreBefore: false, moreAfter: true };
        return { anchor: line(6), lines: [line(6), line(7)], moreBefore: true, moreAfter: false };
      },
    });
    const feed = new LogFeed(bridge);
    await feed.loadContext({ query: 'timeout', anchor: { id: 5 }, scope: 'service' });
    expect(feed.getState()).toMatchObject({ mode: 'context', anchorId: 5, moreBefore: true, moreAfter: true, terms: ['timeout'] });
    expect(feed.getState().lines.map((l) => l.id)).toEqual([4, 5, 6]);
    expect(calls.filter(([name]) => name === 'logs.context').map(([, input]) => input)).toEqual([
      { id: 5, before: 0, after: 0 },
      { id: 5, before: 100, after: 100, services: ['api'] },
    ]);
    expect(await feed.moreContext('before')).toBe(2);
    expect(await feed.moreContext('after')).toBe(1);
    expect(feed.getState().lines.map((l) => l.id)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(feed.getState()).toMatchObject({ moreBefore: false, moreAfter: false });
    expect(await feed.moreContext('before')).toBe(0);
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

  it("reads the route with its query in the hash or in the URL: a search, a service, a line's context, a moment's", () => {
    expect(readLogsRoute('#/logs?service=api&at=1700000000000', '')).toEqual({
      query: '',
      anchor: { at: 1700000000000, service: 'api' },
      scope: 'all',
      range: null,
    });
    expect(readLogsRoute('#/logs', '?service=web&q=timeout')).toEqual({ query: 'timeout', anchor: null, scope: 'all', range: null });
    expect(readLogsRoute('/logs?service=web', '')).toEqual({ query: 'service:web', anchor: null, scope: 'all', range: null });
    expect(readLogsRoute('#/logs?line=42&scope=service&q=level%3Aerror%2B', '')).toEqual({
      query: 'level:error+',
      anchor: { id: 42 },
      scope: 'service',
      range: null,
    });
    // A service page links its logs over its own time range.
    expect(readLogsRoute(`#${logsPath('api', undefined, '6h')}`, '')).toEqual({ query: 'service:api', anchor: null, scope: 'all', range: '6h' });
    expect(readLogsRoute('#/logs?line=abc', '').anchor).toBeNull();
    expect(readLogsRoute('#/logs?line=-3', '').anchor).toBeNull();
    expect(readLogsRoute('#/logs?service=api&at=yesterday', '')).toEqual({ query: 'service:api', anchor: null, scope: 'all', range: null });
    // What a link writes, the page reads back.
    for (const route of [
      readLogsRoute('#/logs?line=42&scope=service&q=a+b', ''),
      readLogsRoute('#/logs?service=api&at=17', ''),
      readLogsRoute('#/logs?q=x&range=7d', ''),
    ]) {
      expect(readLogsRoute(`#${logsRoutePath(route)}`, '')).toEqual(route);
    }
    expect(contextPath(7, 'timeout')).toBe('/logs?line=7&q=timeout');
    expect(readLogsRoute(`#${logsPath('api', 1700000000000)}`, '').anchor).toEqual({ at: 1700000000000, service: 'api' });
  });

  it('keeps the level buttons and the service picker as views of the query, both ways', () => {
    expect(levelFilterOf('timeout')).toBe('all');
    expect(levelFilterOf('timeout level:error+')).toBe('error+');
    expect(levelFilterOf('level:warn,error,fatal')).toBe('warn+');
    expect(levelFilterOf('level:warn')).toBeNull();
    expect(levelFilterOf('-level:debug')).toBeNull();
    expect(levelFilterOf('"level:error+"')).toBe('all');
    expect(withLevelFilter('timeout level:warn+ -level:debug "level:x" db', 'error+')).toBe('timeout "level:x" db level:error+');
    expect(withLevelFilter('timeout level:error+', 'all')).toBe('timeout');
    expect(serviceOf('service:api timeout')).toBe('api');
    expect(serviceOf('service:api,web')).toBeNull();
    expect(withField('service:api,web timeout', 'service', 'db')).toBe('timeout service:db');
    expect(withField('service:api timeout', 'service', null)).toBe('timeout');
  });
});
