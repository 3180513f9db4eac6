import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePromql } from '../../../src/core/promql/parse-promql';
import { evaluateInstant } from '../../../src/core/promql/query';
import { parseSelector } from '../../../src/core/promql/selector';
import type { VectorSelector } from '../../../src/core/promql/ast';
import { listSeries } from '../../../src/core/query/series-listing';
import { openDatabase, type Database } from '../../../src/core/store/database';
import { SeriesStore } from '../../../src/core/store/series-store';
import { tempDir } from '../../helpers/temp-dir';

/** The selector of an expression that is one selector. */
function promqlSelector(text: string): { name: string | null; matchers: VectorSelector['matchers'] } {
  const { expr } = parsePromql(text);
  if (expr.kind !== 'vector') throw new Error(`${text} is not a selector`);
  return { name: expr.name, matchers: expr.matchers };
}

const dbs: Database[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

describe('one reading of selector syntax (charts and series listings read selectors as PromQL does)', () => {
  it('quoted label names and a quoted metric name mean the same in both', () => {
    for (const text of ['{"my.metric"}', '{"my.metric", "service.name"="api"}', 'up{"service.name"=~"a.*", job!="x"}', "up{'quoted'!~'b|c'}"]) {
      const plain = parseSelector(text);
      const expression = promqlSelector(text);
      expect(plain.name).toBe(expression.name);
      // The plain selector keeps __name__ matchers as written; an expression moves them into `name`.
      expect(plain.matchers.filter((matcher) => matcher.name !== '__name__')).toEqual(expression.matchers);
    }
    expect(parseSelector('{"my.metric", "service.name"="api"}')).toEqual({ name: 'my.metric', matchers: [{ name: 'service.name', type: '=', value: 'api' }] });
  });

  it('refuses the same things: a name given twice, a bad regular expression, an empty selector', () => {
    for (const text of ['up{__name__="other"}', 'up{job=~"("}', '{job=""}', 'up{s="\\q"}']) {
      expect(() => parseSelector(text), text).toThrow();
      expect(() => parsePromql(text), text).toThrow();
    }
  });

  it("a regular expression matches across a newline in a label value in both (Prometheus' (?s))", () => {
    const now = Date.UTC(2026, 10, 1);
    const db = openDatabase(path.join(tempDir(), 'zervigo.db'));
    dbs.push(db);
    const store = new SeriesStore(db, () => now);
    store.writer.append(store.index.idOf('log_lines', { message: 'first\nsecond' }), now - 1_000, 1);
    store.writer.flush();
    expect(listSeries(store, 'log_lines{message=~"first.second"}', 10).series).toEqual([{ __name__: 'log_lines', message: 'first\nsecond' }]);
    const result = evaluateInstant(store, 'log_lines{message=~"first.second"}', now);
    expect(result.resultType === 'vector' ? result.result.map((sample) => sample.metric) : []).toEqual([{ __name__: 'log_lines', message: 'first\nsecond' }]);
  });
});
