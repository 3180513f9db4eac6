import { describe, expect, it } from 'vitest';
import { MetricsBatcher } from '../../src/renderer/src/bridge/metrics-batcher';
import type { Bridge } from '../../src/shared/bridge';
import { QUERY_BATCH_LIMIT } from '../../src/shared/contract/monitoring';
import { ZervigoError } from '../../src/shared/errors';
import type { QueryBatchAnswer } from '../../src/shared/types/monitoring';

/** A bridge answering metrics.queryBatch as the engine does: each query its own answer; one with "broken" in it fails. */
function engineLikeBridge() {
  const batches: { query: string }[][] = [];
  const bridge = {
    invoke: (name: string, input: { queries: { query: string; kind: string }[] }) => {
      if (name !== 'metrics.queryBatch') throw new Error(`unexpected ${name}`);
      batches.push(input.queries);
      const answers: QueryBatchAnswer[] = input.queries.map((one) =>
        one.query.includes('broken')
          ? { ok: false, error: { code: 'invalid_input', message: `unexpected "broken" in ${one.query}`, details: { from: 0, to: 6 } } }
          : {
              ok: true,
              result:
                one.kind === 'range'
                  ? { resultType: 'matrix', result: [{ metric: { q: one.query }, values: [[1, '1']] }] }
                  : { resultType: 'scalar', result: [1, one.query] },
            },
      );
      return Promise.resolve(answers);
    },
  } as unknown as Bridge;
  return { bridge, batches };
}

describe('a dashboard’s metric queries, batched', () => {
  it('sends the queries asked in one moment as one metrics.queryBatch; a query that fails rejects alone, with its error and place', async () => {
    const { bridge, batches } = engineLikeBridge();
    const batcher = new MetricsBatcher(bridge);
    const asked = [
      batcher.range({ query: 'a', start: 0, end: 60, step: 15, digits: 6 }),
      batcher.instant({ query: 'b', time: 60 }),
      batcher.instant({ query: 'broken{', time: 60 }),
      batcher.range({ query: 'c', start: 0, end: 60, step: 15 }),
    ];
    const settled = await Promise.allSettled(asked);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toEqual([
      { kind: 'range', query: 'a', start: 0, end: 60, step: 15, digits: 6 },
      { kind: 'instant', query: 'b', time: 60 },
      { kind: 'instant', query: 'broken{', time: 60 },
      { kind: 'range', query: 'c', start: 0, end: 60, step: 15 },
    ]);
    expect(settled.map((one) => one.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(settled[0]?.status === 'fulfilled' && settled[0].value).toMatchObject({ resultType: 'matrix', result: [{ metric: { q: 'a' } }] });
    expect(settled[1]?.status === 'fulfilled' && settled[1].value).toEqual({ resultType: 'scalar', result: [1, 'b'] });
    const error = settled[2]?.status === 'rejected' ? (settled[2].reason as ZervigoError) : null;
    expect(error).toBeInstanceOf(ZervigoError);
    expect(error?.message).toBe('unexpected "broken" in broken{');
    expect(error?.details).toEqual({ from: 0, to: 6 });

    // Asked later: a batch of its own.
    await batcher.instant({ query: 'd', time: 60 });
    expect(batches).toHaveLength(2);
  });

  it(`splits more than ${QUERY_BATCH_LIMIT} queries into batches the engine accepts, and fails every query of a batch that did not arrive`, async () => {
    const { bridge, batches } = engineLikeBridge();
    const batcher = new MetricsBatcher(bridge);
    await Promise.all(Array.from({ length: QUERY_BATCH_LIMIT + 3 }, (_, index) => batcher.instant({ query: `q${index}`, time: 1 })));
    expect(batches.map((batch) => batch.length)).toEqual([QUERY_BATCH_LIMIT, 3]);

    const offline = new MetricsBatcher({ invoke: () => Promise.reject(new ZervigoError('unavailable', 'the console does not answer')) } as unknown as Bridge);
    const both = await Promise.allSettled([offline.instant({ query: 'x', time: 1 }), offline.range({ query: 'y', start: 0, end: 1, step: 1 })]);
    expect(both.map((one) => one.status === 'rejected' && (one.reason as Error).message)).toEqual([
      'the console does not answer',
      'the console does not answer',
    ]);
  });
});
