import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lookbehindOf } from '../../../src/core/promql/ast';
import { DEFAULT_LOOKBACK_MS, Evaluator } from '../../../src/core/promql/evaluator';
import { parsePromql } from '../../../src/core/promql/parse-promql';
import { StoreSource } from '../../../src/core/promql/store-source';
import type { Value } from '../../../src/core/promql/values';
import { SeriesWindowCache } from '../../../src/core/rules/series-window';
import { openDatabase, type Database } from '../../../src/core/store/database';
import { SeriesStore } from '../../../src/core/store/series-store';
import { tempDir } from '../../helpers/temp-dir';

const opened: Database[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

const summary = (value: Value): string[] =>
  value.type === 'vector' ? value.samples.map((sample) => `${JSON.stringify(sample.labels)}=${sample.value}`).sort() : [JSON.stringify(value)];

describe('SeriesWindowCache', () => {
  it('gives the same answers as reading the store afresh, round after round, across compactions and late flushes', async () => {
    const db = openDatabase(path.join(tempDir(), 'zervigo.db'));
    opened.push(db);
    const clock = { now: Date.UTC(2026, 10, 22, 10, 0, 0) };
    const store = new SeriesStore(db, () => clock.now);
    const expressions = ['gauge', 'rate(counter[5m])', 'max_over_time(gauge[10m])', 'count_over_time(gauge[1m])', 'gauge offset 2m'].map(
      (text) => parsePromql(text).expr,
    );
    const lookbehind = Math.max(...expressions.map((expr) => lookbehindOf(expr, DEFAULT_LOOKBACK_MS)));
    const cache = new SeriesWindowCache(store);
    const cached = new Evaluator(cache);
    let total = 0;
    let compared = 0;
    for (let second = 0; second < 40 * 60; second++) {
      clock.now += 1_000;
      for (const instance of ['a', 'b', 'c']) {
        // Irregular: each series skips some seconds, and a fourth appears half-way.
        if ((second * 7 + instance.charCodeAt(0)) % 3 === 0) continue;
        total += 1;
        // Stamped when the check started, a moment before it is written.
        store.writer.appendNamed('gauge', { instance }, clock.now - 700, Math.sin(second / 50) * 100);
        store.writer.appendNamed('counter', { instance }, clock.now, total);
      }
      if (second > 1200) store.writer.appendNamed('gauge', { instance: 'd' }, clock.now, second);
      // Now and then a check that started earlier than the last one finishes after it.
      if (second % 13 === 0) store.writer.appendNamed('gauge', { instance: 'b' }, clock.now - 3_500, -1);
      // Samples are flushed a tick late now and then: the cache must still see them.
      if (second % 3 !== 1) store.writer.flush();
      if (second % 60 === 0) await store.maintain(clock.now);
      if (second % 5 === 0) {
        cache.beginRound(clock.now, lookbehind);
        const fresh = new Evaluator(new StoreSource(store, clock.now - lookbehind, clock.now));
        for (const expr of expressions) {
          expect(summary(cached.evaluate(expr, clock.now))).toEqual(summary(fresh.evaluate(expr, clock.now)));
          compared++;
        }
      }
    }
    expect(compared).toBe(480 * expressions.length);
    expect(db.prepare('SELECT count(*) AS n FROM sample_chunks').get()).not.toEqual({ n: 0 });
  });
});
