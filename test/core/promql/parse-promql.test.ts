import { describe, expect, it } from 'vitest';
import { parsePromql, PromqlError } from '../../../src/core/promql/parse-promql';

function errorOf(text: string): PromqlError {
  try {
    parsePromql(text);
  } catch (error) {
    if (error instanceof PromqlError) return error;
    throw error;
  }
  throw new Error(`${text} parsed`);
}

describe('parsePromql', () => {
  it('reads selectors, offsets, modifiers and grouping into the tree', () => {
    const parsed = parsePromql('sum by (job) (rate(http_requests_total{job=~"a.*",code!="200"}[5m] offset 1m)) > bool on(job) up');
    expect(parsed.type).toBe('vector');
    expect(parsed.expr).toMatchObject({
      kind: 'binary',
      op: '>',
      bool: true,
      matching: { on: true, labels: ['job'] },
      lhs: {
        kind: 'aggregate',
        op: 'sum',
        grouping: { without: false, labels: ['job'] },
        expr: {
          kind: 'call',
          name: 'rate',
          args: [
            {
              kind: 'matrix',
              rangeMs: 300_000,
              selector: {
                name: 'http_requests_total',
                offsetMs: 60_000,
                matchers: [
                  { name: 'job', type: '=~', value: 'a.*' },
                  { name: 'code', type: '!=', value: '200' },
                ],
              },
            },
          ],
        },
      },
      rhs: { kind: 'vector', name: 'up', matchers: [] },
    });
    expect(parsePromql('{__name__="up", job="a"}').expr).toMatchObject({ name: 'up', matchers: [{ name: 'job', type: '=', value: 'a' }] });
    expect(parsePromql('x offset -1h30m').expr).toMatchObject({ offsetMs: -5_400_000 });
    expect(parsePromql('-2 ^ 0x10').type).toBe('scalar');
  });

  it('names what the subset does not support, and where it is', () => {
    const cases: [string, RegExp, number][] = [
      ['rate(x[5m:1m])', /subqueries .* are not supported/, 5],
      ['x @ 1700000000', /@ modifier is not supported/, 0],
      ['topk(3, x)', /aggregation topk\(\) is not supported/, 0],
      ['histogram_quantile(0.9, x)', /function histogram_quantile\(\) is not supported/, 0],
      ['a * on(job) group_left b', /group_left \(many-to-one matching\) is not supported/, 12],
      ['up > 0 and foo(up)', /unknown function "foo"/, 11],
      ['rate(x)', /rate\(\) needs a range vector as argument 1, not a instant vector \(write e.g. x\[5m\]\)/, 5],
      ['x[5m] > 1', /range vector/, 0],
      ['1 > 2', /comparing two scalars needs bool/, 0],
      ['x + bool 1', /bool can only follow a comparison/, 0],
      ['{job=~".*"}', /selects every series/, 0],
      ['x{a=~"("}', /^"\(" is not a regular expression/, 5],
      ['sum(x, y)', /takes exactly one instant vector/, 3],
      ['up >', /ends too early/, 4],
      ['up == == 1', /unexpected/, 6],
      ['x offset 5m [1m]', /write the offset after the range/, 0],
      ['clamp_min(x)', /clamp_min\(\) takes 2 arguments, got 1/, 9],
      ['"text"', /string expressions are not supported/, 0],
    ];
    for (const [text, message, from] of cases) {
      const error = errorOf(text);
      expect(error.message, text).toMatch(message);
      expect(error.from, `${text}: ${error.message}`).toBe(from);
    }
  });
});
