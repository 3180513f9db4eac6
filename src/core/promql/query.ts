import type { SeriesStore } from '../store/series-store';
import { ZervigoError } from '../../shared/errors';
import { lookbehindOf, type Expr } from './ast';
import { DEFAULT_LOOKBACK_MS, Evaluator } from './evaluator';
import { EvaluationError } from './evaluation-error';
import { parsePromql, PromqlError } from './parse-promql';
import { rangeTier } from './range-tier';
import { StoreSource } from './store-source';
import { tierStepMs } from '../store/tiers';
import { formatSampleValue, labelsKey, type Value } from './values';

/** Prometheus' /api/v1/query and /query_range result shapes: times in seconds, values as strings. */
export type PromSampleValue = [number, string];
export type InstantQueryResult =
  | { resultType: 'vector'; result: { metric: Record<string, string>; value: PromSampleValue }[] }
  | { resultType: 'scalar'; result: PromSampleValue }
  | { resultType: 'matrix'; result: { metric: Record<string, string>; values: PromSampleValue[] }[] };
export type RangeQueryResult = { resultType: 'matrix'; result: { metric: Record<string, string>; values: PromSampleValue[] }[] };

/** Prometheus caps a range query at 11,000 points per series. */
export const MAX_RANGE_POINTS = 11_000;

function parseOrThrow(expr: string | Expr): Expr {
  if (typeof expr !== 'string') return expr;
  try {
    return parsePromql(expr).expr;
  } catch (error) {
    if (error instanceof PromqlError)
      throw new ZervigoError('invalid_input', `${error.message} (at character ${error.from + 1} of the expression)`, { from: error.from, to: error.to });
    throw error;
  }
}

function evaluationFailed(error: unknown): never {
  if (error instanceof EvaluationError) throw new ZervigoError('invalid_input', error.message);
  throw error;
}

const seconds = (ms: number): number => ms / 1000;

function toInstantResult(value: Value, at: number): InstantQueryResult {
  switch (value.type) {
    case 'scalar':
      return { resultType: 'scalar', result: [seconds(at), formatSampleValue(value.value)] };
    case 'vector':
      return {
        resultType: 'vector',
        result: value.samples.map((sample) => ({ metric: { ...sample.labels }, value: [seconds(at), formatSampleValue(sample.value)] })),
      };
    case 'matrix':
      return {
        resultType: 'matrix',
        result: value.series.map((series) => ({
          metric: { ...series.labels },
          values: series.ts.map((ts, i): PromSampleValue => [seconds(ts), formatSampleValue(series.values[i] as number)]),
        })),
      };
  }
}

/** The query API over the store: what metrics.query and the Rules page use. */
export function evaluateInstant(store: SeriesStore, expr: string | Expr, at: number, lookbackMs = DEFAULT_LOOKBACK_MS): InstantQueryResult {
  const parsed = parseOrThrow(expr);
  const source = new StoreSource(store, at - lookbehindOf(parsed, lookbackMs), at + Math.max(0, -minOffset(parsed)));
  try {
    return toInstantResult(new Evaluator(source, lookbackMs).evaluate(parsed, at), at);
  } catch (error) {
    return evaluationFailed(error);
  }
}

/**
 * Evaluates at start, start+step, ... end and gathers each series' points, as /query_range does.
 * With `now`, a step of a minute or more reads the coarsest rollup tier that fits it (see
 * rangeTier) instead of raw samples; an instant selector then looks back at least one bucket.
 */
export function evaluateRange(
  store: SeriesStore,
  expr: string | Expr,
  start: number,
  end: number,
  stepMs: number,
  lookbackMs = DEFAULT_LOOKBACK_MS,
  now?: number,
): RangeQueryResult {
  if (!(stepMs > 0)) throw new ZervigoError('invalid_input', 'the step must be longer than zero');
  if (end < start) throw new ZervigoError('invalid_input', 'the end of the range is before its start');
  if ((end - start) / stepMs + 1 > MAX_RANGE_POINTS)
    throw new ZervigoError('invalid_input', `that is more than ${MAX_RANGE_POINTS} points per series; use a larger step`);
  const parsed = parseOrThrow(expr);
  const tier = now === undefined ? 'raw' : rangeTier(parsed, start, stepMs, now, store.retentionPolicy);
  const lookback = tier === 'raw' ? lookbackMs : Math.max(lookbackMs, tierStepMs[tier]);
  const readStart = start - lookbehindOf(parsed, lookback);
  const readEnd = end + Math.max(0, -minOffset(parsed));
  const source = new StoreSource(store, readStart, readEnd, tier);
  const evaluator = new Evaluator(source, lookback);
  const series = new Map<string, { metric: Record<string, string>; values: PromSampleValue[] }>();
  try {
    for (let at = start; at <= end; at += stepMs) {
      const value = evaluator.evaluate(parsed, at);
      if (value.type === 'matrix')
        throw new ZervigoError('invalid_input', 'a range query needs an expression that gives a scalar or an instant vector, not a range vector');
      const samples = value.type === 'scalar' ? [{ labels: {}, value: value.value }] : value.samples;
      for (const sample of samples) {
        const key = labelsKey(sample.labels);
        let entry = series.get(key);
        if (entry === undefined) {
          entry = { metric: { ...sample.labels }, values: [] };
          series.set(key, entry);
        }
        entry.values.push([seconds(at), formatSampleValue(sample.value)]);
      }
    }
  } catch (error) {
    return evaluationFailed(error);
  }
  return { resultType: 'matrix', result: [...series.values()] };
}

/** The most negative offset (reads after the evaluation time), or 0. */
function minOffset(expr: Expr): number {
  switch (expr.kind) {
    case 'vector':
      return Math.min(0, expr.offsetMs);
    case 'matrix':
      return Math.min(0, expr.selector.offsetMs);
    case 'number':
      return 0;
    case 'unary':
    case 'aggregate':
      return minOffset(expr.expr);
    case 'binary':
      return Math.min(minOffset(expr.lhs), minOffset(expr.rhs));
    case 'call':
      return Math.min(0, ...expr.args.map(minOffset));
  }
}
