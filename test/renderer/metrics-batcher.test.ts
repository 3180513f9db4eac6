import { describe, expect, it } from 'vitest';
import { batchSizes, MetricsBatcher, PANELS_PER_BATCH } from '../../src/renderer/src/bridge/metrics-batcher';
import type { Bridge } from '../../src/shared/bridge';
import { QUERY_BATCH_LIMIT } from '../../src/shared/contract/monitoring';
import { ZervigoError } from '../../src/shared/errors';
import type { QueryBatchAnswer } from '../../src/shared/types/monitoring';

/** A bridge answering metrics.queryBatch as the engine does: each query its own answer; one with "broken" in it fails. */
function engineLikeBridge({ held = false } = {}) {
  const batches: { query: string }[][] = [];
  /** With `held`, each request waits until answerNext(), in the order they came, as the engine answers one at a time. */
  const holds: (() => void)[] = [];
  const answerNext = (): void => holds.shift()?.();
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
      return held ? new Promise<QueryBatchAnswer[]>((resolve) => holds.push(() => resolve(answers))) : Promise.resolve(answers);
    },
  } as unknown as Bridge;
  return { bridge, batches, answerNext };
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

  it(`sends a dashboard's dozen queries as ${PANELS_PER_BATCH} or fewer per request, every request at once, each panel answered as its own request returns`, async () => {
    const { bridge, batches, answerNext } = engineLikeBridge({ held: true });
    const batcher = new MetricsBatcher(bridge);
    const answered: string[] = [];
    const asked = Array.from({ length: 11 }, (_, index) => batcher.instant({ query: `q${index}`, time: 1 }).then(() => answered.push(`q${index}`)));
    await expect.poll(() => batches.length).toBe(3);
    // All three left before any answer came: the engine computes the later ones while the first panels draw.
    expect(batches.map((batch) => batch.map((one) => one.query))).toEqual([
      ['q0', 'q1', 'q2', 'q3'],
      ['q4', 'q5', 'q6', 'q7'],
      ['q8', 'q9', 'q10'],
    ]);
    answerNext();
    await expect.poll(() => answered).toEqual(['q0', 'q1', 'q2', 'q3']);
    answerNext();
    answerNext();
    await Promise.all(asked);
    expect(answered).toHaveLength(11);
  });

  it(`keeps within the engine's ${QUERY_BATCH_LIMIT} queries a batch, and fails every query of a batch that did not arrive`, async () => {
    expect(batchSizes(11, 4)).toEqual([4, 4, 3]);
    expect(batchSizes(5, 4)).toEqual([3, 2]);
    expect(batchSizes(2, 4)).toEqual([2]);
    const { bridge, batches } = engineLikeBridge();
    const batcher = new MetricsBatcher(bridge, QUERY_BATCH_LIMIT + 10);
    await Promise.all(Array.from({ length: QUERY_BATCH_LIMIT + 3 }, (_, index) => batcher.instant({ query: `q${index}`, time: 1 })));
    expect(batches.map((batch) => batch.length)).toEqual([27, 26]);

    const offline = new MetricsBatcher({ invoke: () => Promise.reject(new ZervigoError('unavailable', 'the console does not answer')) } as unknown as Bridge);
    const both = await Promise.allSettled([offline.instant({ query: 'x', time: 1 }), offline.range({ query: 'y', start: 0, end: 1, step: 1 })]);
    expect(both.map((one) => one.status === 'rejected' && (one.reason as Error).message)).toEqual([
      'the console does not answer',
      'the console does not answer',
    ]);
  });
});
