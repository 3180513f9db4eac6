import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LogPipeline, type SourceHandle } from '../../../src/core/logs/log-pipeline';
import { PatternMiner } from '../../../src/core/logs/mining/pattern-miner';
import { LogSearch } from '../../../src/core/logs/store/log-search';
import { LogStore } from '../../../src/core/logs/store/log-store';
import { openDatabase, type Database } from '../../../src/core/store/database';
import { lineMatches, parseLogQuery } from '../../../src/shared/logs/log-query';
import { FakeClock } from '../../helpers/fake-clock';
import { tempDir } from '../../helpers/temp-dir';

const databases: Database[] = [];
afterEach(() => {
  for (const db of databases.splice(0)) db.close();
});

function setup(limits = { maxBytes: 1024 ** 3, maxAgeMs: 14 * 86_400_000 }, file = path.join(tempDir(), 'zervigo.db')) {
  const db = openDatabase(file);
  databases.push(db);
  const clock = new FakeClock();
  const store = new LogStore(db, limits);
  const miner = new PatternMiner({}, store.maxPatternId() + 1);
  miner.load(store.loadPatterns());
  const pipeline = new LogPipeline(store, miner, clock, () => {});
  const search = new LogSearch(store);
  const source = (service: string, name = `${service}.log`): SourceHandle =>
    pipeline.open({ key: `file:${name}`, kind: 'file', name, service, format: 'auto', multiline: { kind: 'none' }, origin: 'file' });
  const texts = (query: string, options: Partial<Parameters<LogSearch['search']>[0]> = {}) =>
    search.search({ query, limit: 100, ...options }).lines.map((line) => line.text);
  return { db, file, clock, store, miner, pipeline, search, source, texts };
}

describe('log store and search (real SQLite, FTS5)', () => {
  it('finds words, "phrases", prefixes and field filters, newest first, and leaves out exclusions', () => {
    const { pipeline, source, texts } = setup();
    const api = source('api');
    const web = source('web');
    api.line('INFO request served path=/api/orders in 12 ms');
    api.line('ERROR connection reset by peer');
    web.line('WARN reset the connection pool');
    web.line('ERROR payment declined for order 42');
    api.line('DEBUG timeout waiting for lock');
    pipeline.flush(false);

    expect(texts('connection')).toEqual(['WARN reset the connection pool', 'ERROR connection reset by peer']);
    expect(texts('"connection reset"')).toEqual(['ERROR connection reset by peer']);
    expect(texts('/api/orders')).toEqual(['INFO request served path=/api/orders in 12 ms']);
    expect(texts('time*')).toEqual(['DEBUG timeout waiting for lock']);
    expect(texts('lock -time*')).toEqual([]);
    expect(texts('nosuch*')).toEqual([]);
    expect(texts('connection -nosuch*')).toHaveLength(2);
    expect(texts('connection -pool')).toEqual(['ERROR connection reset by peer']);
    expect(texts('-"connection reset" -declined service:web')).toEqual(['WARN reset the connection pool']);
    expect(texts('level:error')).toEqual(['ERROR payment declined for order 42', 'ERROR connection reset by peer']);
    expect(texts('level:warn+ service:api')).toEqual(['ERROR connection reset by peer']);
    expect(texts('-level:debug -level:info service:api,web')).toHaveLength(3);
    expect(texts('source:web.log 42')).toEqual(['ERROR payment declined for order 42']);
    expect(texts('service:nosuch')).toEqual([]);
    expect(texts('')).toHaveLength(5);
  });

  it("takes a replicated service's replicas into its filter (web is web#1 and web#2, not webby), in the store and in the live tail's matcher alike", () => {
    const { pipeline, source, texts, search } = setup();
    source('web#1', 'web-1.log').line('INFO one answered');
    source('web#2', 'web-2.log').line('INFO two answered');
    source('webby').line('INFO webby answered');
    source('web').line('INFO plain answered');
    pipeline.flush(false);

    expect(texts('service:web answered').sort()).toEqual(['INFO one answered', 'INFO plain answered', 'INFO two answered']);
    expect(texts('service:web#2')).toEqual(['INFO two answered']);
    expect(texts('answered -service:web')).toEqual(['INFO webby answered']);
    const lines = search.search({ query: 'answered', limit: 100 }).lines;
    const matched = (query: string) =>
      lines
        .filter((line) => lineMatches(parseLogQuery(query), line))
        .map((line) => line.text)
        .sort();
    expect(matched('service:web')).toEqual(['INFO one answered', 'INFO plain answered', 'INFO two answered']);
    expect(matched('-service:web')).toEqual(['INFO webby answered']);
  });

  it('pages with a cursor, limits by time range, and shows context lines of the same source', () => {
    const { pipeline, source, search, clock } = setup();
    const api = source('api');
    const other = source('other');
    for (let i = 0; i < 30; i++) {
      api.line(`${new Date(clock.now()).toISOString()} INFO tick ${i}`);
      other.line(`noise ${i}`);
      clock.advance(1_000);
      pipeline.flush(false);
    }
    const first = search.search({ query: 'tick', limit: 10 });
    expect(first.lines.map((line) => line.text)).toEqual(Array.from({ length: 10 }, (_, i) => `INFO tick ${29 - i}`));
    const second = search.search({ query: 'tick', limit: 10, cursor: Number(first.nextCursor) });
    expect(second.lines[0]?.text).toBe('INFO tick 19');

    const t0 = clock.now() - 30_000;
    const ranged = search.search({ query: 'tick', limit: 100, start: t0 + 5_000, end: t0 + 7_000 });
    expect(ranged.lines.map((line) => line.text)).toEqual(['INFO tick 7', 'INFO tick 6', 'INFO tick 5']);

    const withContext = search.search({ query: '"tick 10"', limit: 1, context: 2 }).lines[0];
    expect(withContext?.before?.map((line) => line.text)).toEqual(['INFO tick 8', 'INFO tick 9']);
    expect(withContext?.after?.map((line) => line.text)).toEqual(['INFO tick 11', 'INFO tick 12']);

    const around = search.around('service:api', { at: t0 + 10_000 }, 2, 2);
    expect(around.lines.map((line) => line.text)).toEqual(['INFO tick 8', 'INFO tick 9', 'INFO tick 10', 'INFO tick 11']);
  });

  it('counts the matches of a search in its whole range, from the index where it can, and says "at least" past its budget', () => {
    const { pipeline, source, search, clock } = setup();
    const api = source('api');
    const web = source('web');
    const t0 = clock.now();
    // 3,000 lines over 50 minutes (several blocks), a quarter errors, every tenth on web.
    for (let i = 0; i < 3_000; i++)
      (i % 10 === 0 ? web : api).line(`${new Date(t0 + i * 1_000).toISOString()} ${i % 4 === 0 ? 'ERROR' : 'INFO'} request ${i} served`);
    pipeline.flush(false);
    const total = (query: string, start?: number, end?: number) =>
      search.search({ query, limit: 10, count: true, ...(start === undefined ? {} : { start }), ...(end === undefined ? {} : { end }) }).total;
    expect(total('')).toEqual({ count: 3_000, exact: true });
    expect(total('level:error')).toEqual({ count: 750, exact: true });
    expect(total('level:error service:web')).toEqual({ count: 150, exact: true });
    expect(total('"INFO request"')).toEqual({ count: 2_250, exact: true });
    expect(total('"request 12"')).toEqual({ count: 1, exact: true });
    expect(total('service:nosuch')).toEqual({ count: 0, exact: true });
    // A range whose ends cut through blocks: the rows at the edges are counted by their times.
    expect(total('', t0 + 1_500_000, t0 + 2_499_000)).toEqual({ count: 1_000, exact: true });
    expect(total('level:error', t0 + 1_500_000, t0 + 2_499_000)).toEqual({ count: 250, exact: true });
    expect(search.search({ query: '', limit: 10 }).total).toBeUndefined();
    // Out of time before the first block: a lower bound, said to be one.
    expect(search.count(search.compile(parseLogQuery('level:error')), -Infinity, Infinity, performance.now() - 1)).toEqual({ count: 0, exact: false });
  });

  it('indexes every row of a batch once, with its field words, in one segment per batch', () => {
    const { db, pipeline, source, store, texts } = setup();
    const api = source('api');
    // 1,050 rows: ten 100-row statements and 50 single-row ones, then the docs built from them.
    for (let i = 0; i < 1_050; i++) api.line(`${i % 2 === 0 ? 'ERROR' : 'INFO'} gamma delta ${i}`);
    pipeline.flush(false);
    const fts = store.partitions.at(-1)?.ftsTable as string;
    db.exec(`CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, ${fts}, row)`);
    const docs = (term: string) => (db.prepare('SELECT doc FROM temp.vocab WHERE term = ?').get(term) as { doc: number } | undefined)?.doc ?? 0;
    expect([docs('gamma'), docs('zvl5'), docs('zvl3'), docs('1049')]).toEqual([1_050, 525, 525, 1]);
    expect(texts('level:error gamma', { limit: 1_000 })).toHaveLength(525);
    // FTS5 flushes its pending terms at each statement savepoint: docs go in by one statement, so
    // a batch makes one small segment, not one per 100 rows (which cost merge work on ingest).
    const segments = db.prepare(`SELECT count(DISTINCT segid) AS n FROM ${fts}_idx`).get() as { n: number };
    expect(segments.n).toBeLessThanOrEqual(2);
  });

  it('answers a search that runs out of its time budget with what it found and where to go on', () => {
    const { pipeline, source, search } = setup();
    const api = source('api');
    for (let i = 0; i < 120_000; i++) api.line(`alpha beta ${i}`);
    pipeline.flush(false);
    // A phrase no line holds, over words every line holds: every candidate is checked.
    const result = search.search({ query: '"beta alpha"', limit: 10, budgetMs: 0 });
    expect(result.complete).toBe(false);
    expect(result.nextCursor).not.toBeNull();
    const full = search.search({ query: '"beta alpha"', limit: 10, budgetMs: 60_000 });
    expect(full).toMatchObject({ complete: true, nextCursor: null, lines: [] });
  });

  it('keeps within the size budget by dropping the oldest partitions first, and says so', () => {
    const { pipeline, source, store, clock, texts } = setup({ maxBytes: 2 * 1024 * 1024, maxAgeMs: 86_400_000 });
    const api = source('api');
    for (let batch = 0; batch < 40; batch++) {
      for (let i = 0; i < 1_000; i++) api.line(`batch ${batch} line ${i} ${'x'.repeat(80)}`);
      pipeline.flush(false);
      clock.advance(1_000);
      store.enforce(clock.now());
    }
    const view = store.view();
    expect(view.bytes).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(view.lastDrop).toMatchObject({ reason: 'size' });
    expect((view.lastDrop?.lines ?? 0) > 0).toBe(true);
    // The newest lines are kept, the oldest are gone.
    expect(texts('"batch 39 line 999"')).toHaveLength(1);
    expect(texts('"batch 0 line 0"')).toHaveLength(0);
  });

  it('drops partitions older than max_age, on the store clock', () => {
    const { pipeline, source, store, clock, texts } = setup({ maxBytes: 1024 ** 3, maxAgeMs: 3_600_000 });
    const api = source('api');
    api.line('old line');
    pipeline.flush(false);
    clock.advance(2 * 3_600_000);
    api.line('new line');
    pipeline.flush(false);
    expect(store.enforce(clock.now())).toMatchObject({ reason: 'age', lines: 1 });
    expect(texts('line')).toEqual(['new line']);
  });

  it('reopens with its partitions, blocks, sources and patterns, and goes on numbering', () => {
    const first = setup();
    const api = first.source('api');
    for (let i = 0; i < 10_000; i++) api.line(`worker ${i % 7} finished job ${i}`);
    first.pipeline.flush(false);
    first.store.checkpoint();
    const patternId = first.miner.all()[0]?.id;
    first.db.close();
    databases.splice(databases.indexOf(first.db), 1);

    const second = setup(undefined, first.file);
    expect(second.store.lastRowId).toBe(10_000);
    expect(second.texts('"job 9999"')).toEqual(['worker 3 finished job 9999']);
    const again = second.source('api');
    again.line('worker 1 finished job 10000');
    second.pipeline.flush(false);
    expect(second.search.search({ query: `pattern:${patternId}`, limit: 1 }).lines[0]).toMatchObject({ id: 10_001, patternId });
  });

  it('compiles queries into FTS5 expressions without letting query text into the syntax', () => {
    const { search, store } = setup();
    store.serviceId('api');
    expect(search.compile(parseLogQuery('a"b OR c NEAR(d)'))).toMatchObject({ match: '"a" AND "b" AND "or" AND "c" AND "near" AND "d"', impossible: false });
    expect(search.compile(parseLogQuery('-x'))).toMatchObject({ match: '((zvl0 OR zvl1 OR zvl2 OR zvl3 OR zvl4 OR zvl5 OR zvl6)) NOT "x"' });
    expect(search.compile(parseLogQuery('service:api'))).toMatchObject({ match: 'zvs1' });
  });
});
