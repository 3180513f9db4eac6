import { z } from 'zod';
import type { RemoteReadConfig } from '../../config/schema/fleet';
import { labelsKey } from '../../promql/values';
import { authorizationHeaders } from '../http-auth';

/** One series read back from a remote store: its labels and [ms, value] points, oldest first. */
export interface RemoteSeries {
  metric: Record<string, string>;
  points: [number, number][];
}

export interface RemoteHistoryResult {
  series: RemoteSeries[];
  /** A store that did not answer, or answered an error: the chart still shows the local data. */
  warnings: string[];
}

const QueryRangeSchema = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.literal('matrix'),
    result: z.array(z.object({ metric: z.record(z.string(), z.string()), values: z.array(z.tuple([z.number(), z.string()])) })),
  }),
});

/** Prometheus' `query_range` caps a result at 11,000 points per series. */
const MAX_POINTS = 11_000;

/**
 * Reads history back from the Prometheus-compatible stores of `remote_read:` (Prometheus,
 * VictoriaMetrics, Mimir, Thanos: their HTTP API's query_range), for where the local store's
 * history ends. Every store is asked at once; a series found in several comes from the first
 * store listed that has it. A store that is down, slow or answering an error is a warning.
 */
export class RemoteHistory {
  constructor(
    private readonly stores: () => RemoteReadConfig[],
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  configured(): boolean {
    return this.stores().length > 0;
  }

  async queryRange(query: string, startMs: number, endMs: number, stepMs: number): Promise<RemoteHistoryResult> {
    const step = Math.max(stepMs, Math.ceil((endMs - startMs) / MAX_POINTS), 1_000);
    const answers = await Promise.all(this.stores().map((store) => this.ask(store, query, startMs, endMs, step)));
    const byLabels = new Map<string, RemoteSeries>();
    const warnings: string[] = [];
    for (const answer of answers) {
      if ('warning' in answer) warnings.push(answer.warning);
      else for (const series of answer.series) if (!byLabels.has(labelsKey(series.metric))) byLabels.set(labelsKey(series.metric), series);
    }
    return { series: [...byLabels.values()], warnings };
  }

  private async ask(
    store: RemoteReadConfig,
    query: string,
    startMs: number,
    endMs: number,
    stepMs: number,
  ): Promise<{ series: RemoteSeries[] } | { warning: string }> {
    const params = new URLSearchParams({ query, start: (startMs / 1000).toFixed(3), end: (endMs / 1000).toFixed(3), step: `${stepMs / 1000}s` });
    const url = `${store.url.replace(/\/+$/, '')}/api/v1/query_range?${params.toString()}`;
    const signal = AbortSignal.timeout(store.timeout);
    try {
      const response = await this.fetchImpl(url, { headers: { accept: 'application/json', ...store.headers, ...authorizationHeaders(store) }, signal });
      const text = await response.text();
      if (response.status !== 200) return { warning: `${store.url} answered HTTP ${response.status}: ${text.replace(/\s+/g, ' ').slice(0, 200)}` };
      const parsed = QueryRangeSchema.safeParse(parseJson(text));
      if (!parsed.success) return { warning: `${store.url} answered something that is not a query_range matrix` };
      return {
        series: parsed.data.data.result.map((series) => ({
          metric: series.metric,
          points: series.values.map(([seconds, value]): [number, number] => [Math.round(seconds * 1000), Number(value)]),
        })),
      };
    } catch (error) {
      if (signal.aborted) return { warning: `${store.url} did not answer within ${store.timeout / 1000} s` };
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
      const code = cause instanceof Error && 'code' in cause && typeof cause.code === 'string' ? cause.code : String((cause as Error).message ?? cause);
      return { warning: `${store.url} could not be read (${code})` };
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
