import type { Labels } from '../store/labels';
import type { Expr, FunctionCall, VectorSelector } from './ast';
import { aggregate } from './aggregate';
import { scalarBinary, vectorBinary, vectorScalarBinary } from './binary-ops';
import { EvaluationError } from './evaluation-error';
import { rangeFunctions } from './range-functions';
import type { SeriesSource } from './series-source';
import { dropMetricName, labelsKey, METRIC_NAME, type Sample, type SeriesPoints, type Value } from './values';

/** Prometheus' default: an instant selector sees a series' newest sample up to 5 minutes old. */
export const DEFAULT_LOOKBACK_MS = 5 * 60_000;

/**
 * Evaluates a parsed expression at one instant over a SeriesSource, with Prometheus 2.x
 * semantics: selectors include both ends of their window, functions and arithmetic drop the
 * metric name, comparisons filter unless `bool`.
 */
export class Evaluator {
  constructor(
    private readonly source: SeriesSource,
    private readonly lookbackMs: number = DEFAULT_LOOKBACK_MS,
  ) {}

  evaluate(expr: Expr, at: number): Value {
    switch (expr.kind) {
      case 'number':
        return { type: 'scalar', value: expr.value };
      case 'vector':
        return { type: 'vector', samples: this.instantSelector(expr, at) };
      case 'matrix':
        return { type: 'matrix', series: this.rangeSelector(expr.selector, expr.rangeMs, at) };
      case 'unary': {
        const inner = this.evaluate(expr.expr, at);
        if (expr.op === '+') return inner;
        if (inner.type === 'scalar') return { type: 'scalar', value: -inner.value };
        if (inner.type === 'vector')
          return {
            type: 'vector',
            samples: unique(
              inner.samples,
              inner.samples.map((sample) => ({ labels: dropMetricName(sample.labels), value: -sample.value })),
            ),
          };
        throw new EvaluationError('unary minus on a range vector');
      }
      case 'binary': {
        const lhs = this.evaluate(expr.lhs, at);
        const rhs = this.evaluate(expr.rhs, at);
        if (lhs.type === 'scalar' && rhs.type === 'scalar') return { type: 'scalar', value: scalarBinary(expr, lhs.value, rhs.value) };
        if (lhs.type === 'vector' && rhs.type === 'scalar')
          return { type: 'vector', samples: unique(lhs.samples, vectorScalarBinary(expr, lhs.samples, rhs.value, false)) };
        if (lhs.type === 'scalar' && rhs.type === 'vector')
          return { type: 'vector', samples: unique(rhs.samples, vectorScalarBinary(expr, rhs.samples, lhs.value, true)) };
        if (lhs.type === 'vector' && rhs.type === 'vector') return { type: 'vector', samples: vectorBinary(expr, lhs.samples, rhs.samples) };
        throw new EvaluationError(`"${expr.op}" on a range vector`);
      }
      case 'aggregate': {
        const inner = this.evaluate(expr.expr, at);
        if (inner.type !== 'vector') throw new EvaluationError(`${expr.op}() of a ${inner.type}`);
        return { type: 'vector', samples: aggregate(expr, inner.samples) };
      }
      case 'call':
        return this.call(expr, at);
    }
  }

  private instantSelector(selector: VectorSelector, at: number): Sample[] {
    const ref = at - selector.offsetMs;
    const out: Sample[] = [];
    for (const series of this.source.select(selector.name, selector.matchers)) {
      const value = this.source.latest(series.id, ref - this.lookbackMs, ref);
      if (value !== undefined) out.push({ labels: series.labels, value });
    }
    return out;
  }

  private rangeSelector(selector: VectorSelector, rangeMs: number, at: number): SeriesPoints[] {
    const end = at - selector.offsetMs;
    const out: SeriesPoints[] = [];
    for (const series of this.source.select(selector.name, selector.matchers)) {
      const run = this.source.range(series.id, end - rangeMs, end);
      if (run.ts.length > 0) out.push({ labels: series.labels, ts: run.ts, values: run.values, ...(run.rollup === undefined ? {} : { rollup: run.rollup }) });
    }
    return out;
  }

  private call(expr: FunctionCall, at: number): Value {
    const [first, second] = expr.args;
    const scalarArg = (arg: Expr | undefined): number => {
      if (arg === undefined) return Number.NaN;
      const value = this.evaluate(arg, at);
      if (value.type !== 'scalar') throw new EvaluationError(`${expr.name}() needs a scalar argument`);
      return value.value;
    };
    const rangeFunction = rangeFunctions[expr.name];
    if (rangeFunction !== undefined) {
      if (first?.kind !== 'matrix') throw new EvaluationError(`${expr.name}() needs a range selector`);
      const scalar = scalarArg(second);
      const rangeEnd = at - first.selector.offsetMs;
      const samples: Sample[] = [];
      const input = this.rangeSelector(first.selector, first.rangeMs, at);
      for (const series of input) {
        const value = rangeFunction(
          { ts: series.ts, values: series.values, rollup: series.rollup, rangeStart: rangeEnd - first.rangeMs, rangeEnd, rangeMs: first.rangeMs, at },
          scalar,
        );
        if (value !== undefined) samples.push({ labels: dropMetricName(series.labels), value });
      }
      return { type: 'vector', samples: unique(input, samples) };
    }
    switch (expr.name) {
      case 'time':
        return { type: 'scalar', value: at / 1000 };
      case 'vector':
        return { type: 'vector', samples: [{ labels: {}, value: scalarArg(first) }] };
      case 'scalar': {
        const samples = this.vectorArg(expr, first, at);
        return { type: 'scalar', value: samples.length === 1 ? (samples[0] as Sample).value : Number.NaN };
      }
      case 'absent': {
        if (this.vectorArg(expr, first, at).length > 0) return { type: 'vector', samples: [] };
        return { type: 'vector', samples: [{ labels: first?.kind === 'vector' ? absentLabels(first) : {}, value: 1 }] };
      }
      case 'abs':
        return this.mapVector(expr, first, at, Math.abs);
      case 'clamp_min': {
        const min = scalarArg(second);
        return this.mapVector(expr, first, at, (value) => (Number.isNaN(min) ? Number.NaN : Math.max(min, value)));
      }
      case 'clamp_max': {
        const max = scalarArg(second);
        return this.mapVector(expr, first, at, (value) => (Number.isNaN(max) ? Number.NaN : Math.min(max, value)));
      }
      default:
        throw new EvaluationError(`the function ${expr.name}() is not supported`);
    }
  }

  private vectorArg(expr: FunctionCall, arg: Expr | undefined, at: number): Sample[] {
    const value = arg === undefined ? null : this.evaluate(arg, at);
    if (value?.type !== 'vector') throw new EvaluationError(`${expr.name}() needs an instant vector`);
    return value.samples;
  }

  private mapVector(expr: FunctionCall, arg: Expr | undefined, at: number, fn: (value: number) => number): Value {
    const input = this.vectorArg(expr, arg, at);
    return {
      type: 'vector',
      samples: unique(
        input,
        input.map((sample) => ({ labels: dropMetricName(sample.labels), value: fn(sample.value) })),
      ),
    };
  }
}

/** absent(x{a="b"}) says {a="b"}: the labels an equality matcher pins down, once each. */
function absentLabels(selector: VectorSelector): Labels {
  const labels: Record<string, string> = {};
  const ambiguous = new Set<string>();
  for (const matcher of selector.written) {
    if (matcher.name === METRIC_NAME) continue;
    if (matcher.type === '=' && !(matcher.name in labels)) labels[matcher.name] = matcher.value;
    else ambiguous.add(matcher.name);
  }
  for (const name of ambiguous) delete labels[name];
  return labels;
}

/**
 * Once the name is dropped two series can collide; Prometheus refuses the result then, and so
 * do we. Inputs that all carry one name (or none) cannot collide: most do, and skip the check.
 */
function unique(inputs: readonly { labels: Labels }[], samples: Sample[]): Sample[] {
  if (samples.length < 2) return samples;
  const name = inputs[0]?.labels[METRIC_NAME];
  if (inputs.every((input) => input.labels[METRIC_NAME] === name)) return samples;
  const seen = new Set<string>();
  for (const sample of samples) {
    const key = labelsKey(sample.labels);
    if (seen.has(key))
      throw new EvaluationError('the result has two series with the same labels once the metric name is dropped; aggregate or match on more labels');
    seen.add(key);
  }
  return samples;
}
