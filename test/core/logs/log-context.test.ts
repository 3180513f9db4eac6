import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LogPipeline, type SourceHandle } from '../../../src/core/logs/log-pipeline';
import { PatternMiner } from '../../../src/core/logs/mining/pattern-miner';
import { LogContext } from '../../../src/core/logs/store/log-context';
import { LogSearch } from '../../../src/core/logs/store/log-search';
import { LogStore } from '../../../src/core/logs/store/log-store';
import { openDatabase, type Database } from '../../../src/core/store/database';
import type { LogLine } from '../../../src/shared/types/logs';
import { random } from '../../fixtures/labelled-logs';
import { FakeClock } from '../../helpers/fake-clock';
import { tempDir } from '../../helpers/temp-dir';

const databases: Database[] = [];
afterEach(() => {
  for (const db of databases.splice(0)) db.close();
});

const T0 = Date.UTC(2026, 10, 22, 10, 0, 0);
const iso = (ts: number): string => new Date(ts).toISOString();

function setup(limits = { maxBytes: 1024 ** 3, maxAgeMs: 14 * 86_400_000 }, file = path.join(tempDir(), 'zervigo.db')) {
  const db = openDatabase(file);
  databases.push(db);
  const clock = new FakeClock(T0 + 3_600_000);
  const store = new LogStore(db, limits);
  const pipeline = new LogPipeline(store, new PatternMiner(), clock, () => {});
  const context = new LogContext(store);
  const search = new LogSearch(store);
  const sources = new Map<string, SourceHandle>();
  const source = (service: string): SourceHandle => {
    let handle = sources.get(service);
    if (handle === undefined) {
      handle = pipeline.open({
        key: `file:${service}.log`,
        kind: 'file',
        name: `${service}.log`,
        service,
        format: 'auto',
        multiline: { kind: 'none' },
        origin: 'file',
      });
      sources.set(service, handle);
    }
    return handle;
  };
  /** Every stored line, in time order (equal times by id): what any context must be a window of. */
  const all = (): LogLine[] => search.search({ query: '', limit: 1_000_000, budgetMs: 60_000 }).lines.sort((a, b) => a.ts - b.ts || a.id - b.id);
  return { db, file, clock, store, pipeline, context, search, source, all };
}

const brief = (line: LogLine): string => `${line.service} ${line.text}`;

describe('the lines around a line (logs.context on a real store)', () => {
  it('interleaves services in time order around a line, with more above and below, or keeps to some services', () => {
    const { pipeline, context, source, search } = setup();
    // Read one source after the other, as files are polled: the batch holds api's run, then db's.
    for (let i = 0; i < 10; i++) source('api').line(`${iso(T0 + i * 2_000)} INFO api step ${i}`);
    for (let i = 0; i < 10; i++) source('db').line(`${iso(T0 + i * 2_000 + 1_000)} INFO db step ${i}`);
    pipeline.flush(false);
    const anchor = search.search({ query: '"api step 5"', limit: 1 }).lines[0] as LogLine;

    const around = context.context({ anchor: { id: anchor.id }, before: 3, after: 3 });
    expect(around.anchor?.id).toBe(anchor.id);
    expect(around.lines.map(brief)).toEqual([
      'db INFO db step 3',
      'api INFO api step 4',
      'db INFO db step 4',
      'api INFO api step 5',
      'db INFO db step 5',
      'api INFO api step 6',
      'db INFO db step 6',
    ]);
    expect(around).toMatchObject({ moreBefore: true, moreAfter: true });

    const own = context.context({ anchor: { id: anchor.id }, before: 2, after: 2, services: ['api'] });
    expect(own.lines.map(brief)).toEqual(['api INFO api step 3', 'api INFO api step 4', 'api INFO api step 5', 'api INFO api step 6', 'api INFO api step 7']);

    // A service's line nearest a moment (the alert's, the service page's), then everything around it.
    const atMoment = context.context({ anchor: { at: T0 + 7_400, service: 'db' }, before: 1, after: 1 });
    expect(atMoment.anchor?.text).toBe('INFO db step 3');
    expect(atMoment.lines.map(brief)).toEqual(['api INFO api step 3', 'db INFO db step 3', 'api INFO api step 4']);
    expect(context.context({ anchor: { at: T0 + 7_400, service: 'nosuch' }, before: 1, after: 1 })).toEqual({
      anchor: null,
      lines: [],
      moreBefore: false,
      moreAfter: false,
    });
  });

  it('stops at the first and the last line, saying there is nothing more', () => {
    const { pipeline, context, source, all } = setup();
    for (let i = 0; i < 6; i++) source(i % 2 === 0 ? 'api' : 'web').line(`${iso(T0 + i * 1_000)} INFO line ${i}`);
    pipeline.flush(false);
    const lines = all();
    const first = context.context({ anchor: { id: (lines[0] as LogLine).id }, before: 10, after: 2 });
    expect(first.lines.map((line) => line.text)).toEqual(['INFO line 0', 'INFO line 1', 'INFO line 2']);
    expect(first).toMatchObject({ moreBefore: false, moreAfter: true });
    const last = context.context({ anchor: { id: (lines.at(-1) as LogLine).id }, before: 5, after: 10 });
    expect(last.lines.map((line) => line.text)).toEqual(['INFO line 0', 'INFO line 1', 'INFO line 2', 'INFO line 3', 'INFO line 4', 'INFO line 5']);
    expect(last).toMatchObject({ moreBefore: false, moreAfter: false });
    // Exactly as many as there are is not "more".
    expect(context.context({ anchor: { id: (lines[2] as LogLine).id }, before: 2, after: 3 })).toMatchObject({ moreBefore: false, moreAfter: false });
    expect(context.context({ anchor: { id: 999_999 }, before: 5, after: 5 }).anchor).toBeNull();
  });

  it('orders equal times by arrival, across services and batches', () => {
    const { pipeline, context, source, search } = setup();
    const same = iso(T0);
    source('api').line(`${same} INFO first`);
    source('db').line(`${same} INFO second`);
    pipeline.flush(false);
    source('db').line(`${same} INFO third`);
    source('api').line(`${same} INFO fourth`);
    pipeline.flush(false);
    const second = search.search({ query: 'second', limit: 1 }).lines[0] as LogLine;
    expect(context.context({ anchor: { id: second.id }, before: 5, after: 5 }).lines.map((line) => line.text)).toEqual([
      'INFO first',
      'INFO second',
      'INFO third',
      'INFO fourth',
    ]);
    expect(search.search({ query: '', limit: 10 }).lines.map((line) => line.text)).toEqual(['INFO fourth', 'INFO third', 'INFO second', 'INFO first']);
  });

  it('writes a batch in time order and shows search pages in time order, also when a source is read late', () => {
    const stored: string[][] = [];
    const { pipeline, source, search, store } = setup();
    const late = new LogPipeline(store, new PatternMiner(), new FakeClock(T0 + 3_600_000), (batch) => stored.push(batch.entries.map((entry) => entry.text)));
    const web = late.open({ key: 'file:web.log', kind: 'file', name: 'web.log', service: 'web', format: 'auto', multiline: { kind: 'none' }, origin: 'file' });
    const db = late.open({ key: 'file:db.log', kind: 'file', name: 'db.log', service: 'db', format: 'auto', multiline: { kind: 'none' }, origin: 'file' });
    // One poll reads web's file, then db's: the batch is written in the lines' time order.
    for (const i of [1, 3, 5]) web.line(`${iso(T0 + i * 1_000)} INFO web ${i}`);
    for (const i of [2, 4, 6]) db.line(`${iso(T0 + i * 1_000)} INFO db ${i}`);
    late.flush(false);
    expect(stored).toEqual([['INFO web 1', 'INFO db 2', 'INFO web 3', 'INFO db 4', 'INFO web 5', 'INFO db 6']]);
    // A file read a batch later holds older lines than the ones stored before it: pages are cut
    // by arrival (the newest ids), each in time order; the viewer merges pages by time.
    source('api').line(`${iso(T0 + 3_500)} INFO api 3.5`);
    source('api').line(`${iso(T0 + 500)} INFO api 0.5`);
    pipeline.flush(false);
    expect(search.search({ query: '', limit: 4 }).lines.map((line) => line.text)).toEqual(['INFO db 6', 'INFO web 5', 'INFO api 3.5', 'INFO api 0.5']);
    expect(search.search({ query: 'level:info', limit: 10 }).lines.map((line) => line.text)).toEqual([
      'INFO db 6',
      'INFO web 5',
      'INFO db 4',
      'INFO api 3.5',
      'INFO web 3',
      'INFO db 2',
      'INFO web 1',
      'INFO api 0.5',
    ]);
  });

  it('reads across partitions, and agrees with every stored line sorted by time, for any line', () => {
    // Small partitions (a 64 KiB floor), three services whose lines arrive late and out of order.
    const { pipeline, context, source, store, clock, all } = setup({ maxBytes: 512 * 1024, maxAgeMs: 14 * 86_400_000 });
    const next = random(7);
    let ts = T0;
    for (let batch = 0; batch < 40; batch++) {
      for (let i = 0; i < 60; i++) {
        ts += Math.floor(next() * 3) * 100;
        const service = ['api', 'db', 'worker'][Math.floor(next() * 3)] as string;
        // Up to 20 s late: each source's lines are in order, the services' are not.
        const late = service === 'db' ? 20_000 : service === 'worker' ? 7_000 : 0;
        source(service).line(`${iso(ts - late)} INFO ${service} event ${batch}-${i} ${'x'.repeat(40)}`);
      }
      pipeline.flush(false);
      clock.advance(1_000);
    }
    expect(store.partitions.length).toBeGreaterThan(3);
    const lines = all();
    const expectWindow = (index: number, before: number, after: number, services?: string[]) => {
      const scoped = services === undefined ? lines : lines.filter((line) => services.includes(line.service) || line.id === lines[index]?.id);
      const at = scoped.findIndex((line) => line.id === lines[index]?.id);
      const result = context.context({ anchor: { id: (lines[index] as LogLine).id }, before, after, ...(services === undefined ? {} : { services }) });
      expect(result.lines.map((line) => line.id)).toEqual(scoped.slice(Math.max(0, at - before), at + after + 1).map((line) => line.id));
      expect(result.moreBefore).toBe(at - before > 0);
      expect(result.moreAfter).toBe(at + after + 1 < scoped.length);
    };
    // Lines on both sides of each partition boundary, the ends, and a spread in between.
    const boundaries = store.partitions.slice(1).flatMap((partition) => [partition.firstRow - 1, partition.firstRow]);
    const indexes = [
      0,
      1,
      lines.length - 1,
      lines.length - 2,
      ...boundaries.map((id) => lines.findIndex((line) => line.id === id)),
      ...Array.from({ length: 15 }, (_, i) => Math.floor(((i + 0.5) * lines.length) / 15)),
    ];
    for (const index of indexes) {
      expectWindow(index, 25, 25);
      expectWindow(index, 7, 300, ['db']);
      expectWindow(index, 40, 3, ['api', 'worker']);
    }
  });

  it('builds the time index for partitions written before it existed, and answers meanwhile', () => {
    const first = setup();
    for (let i = 0; i < 50; i++) first.source(i % 2 === 0 ? 'api' : 'db').line(`${iso(T0 + i * 1_000)} INFO line ${i}`);
    first.pipeline.flush(false);
    const partition = first.store.partitions[0];
    first.db.exec(`DROP INDEX ${partition?.timeIndex}`);
    first.store.checkpoint();
    first.db.close();
    databases.splice(databases.indexOf(first.db), 1);

    const second = setup(undefined, first.file);
    expect(second.store.partitions[0]?.indexed).toBe(false);
    const anchor = second.all()[20] as LogLine;
    const expected = ['INFO line 19', 'INFO line 20', 'INFO line 21'];
    expect(second.context.context({ anchor: { id: anchor.id }, before: 1, after: 1 }).lines.map((line) => line.text)).toEqual(expected);
    second.store.enforce(second.clock.now());
    const indexes = second.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?").all(partition?.rowsTable) as { name: string }[];
    expect(indexes.map((row) => row.name)).toEqual([partition?.timeIndex]);
    expect(second.context.context({ anchor: { id: anchor.id }, before: 1, after: 1 }).lines.map((line) => line.text)).toEqual(expected);
  });
});
