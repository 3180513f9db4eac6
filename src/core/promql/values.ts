import type { Labels } from '../store/labels';

/** What expressions evaluate to. Labels carry the metric name as `__name__`, as in Prometheus. */
export interface Sample {
  labels: Labels;
  value: number;
}

/** A rolled-up bucket's aggregates, parallel to a run's points (whose values are the averages). */
export interface RollupColumns {
  min: number[];
  max: number[];
  sum: number[];
  count: number[];
}

export interface SeriesPoints {
  labels: Labels;
  ts: number[];
  values: number[];
  /** Read from a rollup tier: each point's bucket aggregates (the values are their averages). */
  rollup?: RollupColumns;
}

export type Value = { type: 'scalar'; value: number } | { type: 'vector'; samples: Sample[] } | { type: 'matrix'; series: SeriesPoints[] };

export const METRIC_NAME = '__name__';

export function dropMetricName(labels: Labels): Labels {
  if (!(METRIC_NAME in labels)) return labels;
  const { [METRIC_NAME]: _name, ...rest } = labels;
  return rest;
}

/** One string per label set (order-independent): the identity of a result series. */
export function labelsKey(labels: Labels): string {
  const keys = Object.keys(labels).sort();
  let out = '';
  for (const key of keys) out += `${key}\u0000${labels[key] as string}\u0001`;
  return out;
}

/** The key of the labels that take part in matching: only `on` labels, or all but the ignored ones and the name. */
export function matchingKey(labels: Labels, on: boolean, names: readonly string[]): string {
  const keys = Object.keys(labels)
    .filter((key) => (on ? names.includes(key) : key !== METRIC_NAME && !names.includes(key)))
    .sort();
  let out = '';
  for (const key of keys) out += `${key}\u0000${labels[key] as string}\u0001`;
  return out;
}

/** Prometheus' number format (Go's strconv 'f', -1): shortest round-trip digits, never an exponent. */
export function formatSampleValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  const text = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (match === null) return text;
  const [, sign, lead, fraction = '', exponentText] = match;
  const digits = `${lead as string}${fraction}`;
  const exponent = Number(exponentText);
  if (exponent >= 0) {
    const integer = digits.padEnd(exponent + 1, '0').slice(0, exponent + 1);
    const rest = digits.slice(exponent + 1);
    return `${sign as string}${integer}${rest === '' ? '' : `.${rest}`}`;
  }
  return `${sign as string}0.${'0'.repeat(-exponent - 1)}${digits}`;
}
