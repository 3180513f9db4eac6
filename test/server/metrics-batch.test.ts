import { describe, expect, it } from 'vitest';
import { QUERY_BATCH_LIMIT } from '../../src/shared/contract/monitoring';
import type { ErrorBody } from '../../src/shared/errors';
import type { MatrixResult, QueryBatchAnswer } from '../../src/shared/types/monitoring';
import { serveEngine } from '../helpers/serve-engine';

async function serve() {
  const { engine, call } = await serveEngine('version: 1\nmachine: false\n');
  const batch = (queries: unknown[]) => call<QueryBatchAnswer[] & { error?: ErrorBody }>('POST', '/metrics/batch', { queries });
  return { engine, batch };
}

describe('metrics.queryBatch (POST /api/v1/metrics/batch)', () => {
  it('answers range and instant queries in order, each with its result or its own error, values cut to the digits asked', async () => {
    const { engine, batch } = await serve();
    const now = Date.now();
    for (let at = now - 120_000; at <= now; at += 10_000) {
      engine.series.writer.appendNamed('probe_duration_seconds', { service: 'api', probe: 'http#0' }, at, 0.023456789012345);
      engine.series.writer.appendNamed('probe_duration_seconds', { service: 'web', probe: 'http#0' }, at, 0.5);
    }
    engine.series.writer.flush();
    const end = now / 1000;
    const range = { kind: 'range', start: end - 120, end, step: '10s' };
    const response = await batch([
      { ...range, query: 'probe_duration_seconds{service="api"}', digits: 4 },
      { ...range, query: 'probe_duration_seconds{service="api"}' },
      { kind: 'instant', query: 'sum(probe_duration_seconds)', time: end },
      { kind: 'instant', query: 'sum(probe_duration_seconds{service=api})', time: end },
      { ...range, query: 'max(probe_duration_seconds)', step: '1ms' },
    ]);
    expect(response.status).toBe(200);
    const answers = response.body;
    expect(answers.map((answer) => answer.ok)).toEqual([true, true, true, false, false]);
    const [compact, full, instant, broken, tooMany] = answers;
    const values = (answer: QueryBatchAnswer | undefined) =>
      answer?.ok === true ? (answer.result as MatrixResult).result[0]?.values.map(([, value]) => value) : [];
    expect(new Set(values(compact))).toEqual(new Set(['0.02346']));
    expect(new Set(values(full))).toEqual(new Set(['0.023456789012345']));
    expect(instant?.ok === true && instant.result.resultType).toBe('vector');
    expect(instant?.ok === true && instant.result.resultType === 'vector' && Number(instant.result.result[0]?.value[1])).toBeCloseTo(0.523456789, 6);
    // The parse error keeps its place, as metrics.instant's does (Explore and the panel underline it).
    const error = broken?.ok === false ? broken.error : null;
    expect(error?.code).toBe('invalid_input');
    expect(error?.message).toMatch(/api/);
    expect(typeof (error?.details as { from?: unknown } | undefined)?.from).toBe('number');
    expect(tooMany?.ok === false && tooMany.error.message).toMatch(/points|step/i);
  });

  it(`refuses an empty batch and one of more than ${QUERY_BATCH_LIMIT} queries, saying why`, async () => {
    const { batch } = await serve();
    const empty = await batch([]);
    expect(empty.status).toBe(400);
    expect(empty.body.error?.message).toMatch(/at least one query/);
    const many = await batch(Array.from({ length: QUERY_BATCH_LIMIT + 1 }, () => ({ kind: 'instant', query: 'up' })));
    expect(many.status).toBe(400);
    expect(many.body.error?.message).toMatch(new RegExp(`at most ${QUERY_BATCH_LIMIT} queries`));
  });
});
