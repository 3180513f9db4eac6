import type { ChartData, ChartSeries, MatrixResult } from '../../../shared/types/monitoring';
import { formatSampleValue, labelsKey } from '../../promql/values';
import type { RemoteHistory, RemoteSeries } from './remote-history';

/**
 * Extends a local answer with what the remote stores hold where the local history of a series
 * ends (before its first local point, or after its last: a console that was down), so a chart
 * of last month reads seamlessly though the local store keeps less. Within a series' local span
 * only local points are used (the two may sample on different grids). The remote stores are
 * asked only when some series' local history starts after the range does, or nothing local matched.
 */
export class HistoryReadBack {
  constructor(private readonly remote: RemoteHistory) {}

  async matrix(local: MatrixResult, query: string, startMs: number, endMs: number, stepMs: number): Promise<MatrixResult & { warnings?: string[] }> {
    const spans = local.result.map((series) => spanOf(series.values.map(([seconds]) => seconds * 1000)));
    if (!this.needed(spans, startMs, stepMs)) return local;
    const remote = await this.remote.queryRange(query, startMs, endMs, stepMs);
    const byKey = new Map(local.result.map((series, index) => [labelsKey(series.metric), index]));
    const result = local.result.map((series) => ({ metric: series.metric, values: [...series.values] }));
    for (const series of remote.series) {
      const index = byKey.get(labelsKey(series.metric));
      const outside = outsideSpan(series, index === undefined ? null : (spans[index] ?? null));
      if (outside.length === 0) continue;
      const values = outside.map(([ms, value]): [number, string] => [ms / 1000, formatSampleValue(value)]);
      if (index === undefined) result.push({ metric: series.metric, values });
      else result[index]!.values = [...values, ...result[index]!.values].sort((a, b) => a[0] - b[0]);
    }
    return { resultType: 'matrix', result, ...(remote.warnings.length > 0 ? { warnings: remote.warnings } : {}) };
  }

  async chart(local: ChartData, query: string): Promise<ChartData & { warnings?: string[] }> {
    const spans = local.series.map((series) => spanOf(series.ts));
    if (!this.needed(spans, local.start, local.stepMs)) return local;
    const remote = await this.remote.queryRange(query, local.start, local.end, local.stepMs);
    const byKey = new Map(local.series.map((series, index) => [labelsKey(series.labels), index]));
    const series: ChartSeries[] = local.series.map((one) => ({ ...one }));
    for (const remoteSeries of remote.series) {
      const index = byKey.get(labelsKey(remoteSeries.metric));
      const outside = outsideSpan(remoteSeries, index === undefined ? null : (spans[index] ?? null));
      if (outside.length === 0) continue;
      const own = index === undefined ? { labels: remoteSeries.metric, ts: [], avg: [], min: [], max: [] } : series[index]!;
      const points = [...outside.map(([ts, value]) => ({ ts, avg: value, min: value, max: value }))];
      for (let i = 0; i < own.ts.length; i++) points.push({ ts: own.ts[i]!, avg: own.avg[i]!, min: own.min[i]!, max: own.max[i]! });
      points.sort((a, b) => a.ts - b.ts);
      const merged: ChartSeries = {
        labels: own.labels,
        ts: points.map((point) => point.ts),
        avg: points.map((point) => point.avg),
        min: points.map((point) => point.min),
        max: points.map((point) => point.max),
      };
      if (index === undefined) series.push(merged);
      else series[index] = merged;
    }
    return { ...local, series, ...(remote.warnings.length > 0 ? { warnings: remote.warnings } : {}) };
  }

  private needed(spans: (Span | null)[], startMs: number, stepMs: number): boolean {
    if (!this.remote.configured()) return false;
    return spans.length === 0 || spans.some((span) => span === null || span.first > startMs + stepMs);
  }
}

interface Span {
  first: number;
  last: number;
}

function spanOf(ts: number[]): Span | null {
  return ts.length === 0 ? null : { first: ts[0]!, last: ts[ts.length - 1]! };
}

function outsideSpan(series: RemoteSeries, span: Span | null): [number, number][] {
  if (span === null) return series.points;
  return series.points.filter(([ms]) => ms < span.first || ms > span.last);
}
