import { formatBytes } from './bytes';
import { formatLatency } from './metric-units';

export interface MetricUnit {
  /** Shown beside the chart ("seconds", "bytes/s"); empty for plain numbers. */
  name: string;
  format: (value: number) => string;
}

const perSecondFunctions = /\b(i?rate|deriv)\s*\(/;
const plainNumber = (value: number): string => (Number.isInteger(value) ? String(value) : Number(value.toPrecision(4)).toString());

/**
 * The unit of a query's values, read from Prometheus' naming conventions of the first metric it
 * names (`_seconds`, `_bytes`, `_percent`, `_ratio`); `rate()` and `deriv()` make it per second.
 * A guess, as Grafana's is: a query without such a name gets plain numbers.
 */
export function unitOfQuery(query: string): MetricUnit {
  const suffix = /[a-zA-Z_:][\w:]*?_(seconds|milliseconds|bytes|percent|ratio)(?:_total|_sum|_count)?\b/.exec(query)?.[1];
  const perSecond = perSecondFunctions.test(query);
  const rated = (unit: MetricUnit): MetricUnit => (perSecond ? { name: `${unit.name}/s`, format: (value) => `${unit.format(value)}/s` } : unit);
  switch (suffix) {
    case 'seconds':
      return perSecond
        ? { name: 'seconds/s', format: (value) => `${plainNumber(value)} s/s` }
        : { name: 'seconds', format: (value) => formatLatency(value * 1000) };
    case 'milliseconds':
      return rated({ name: 'ms', format: (value) => formatLatency(value) });
    case 'bytes':
      return rated({ name: 'bytes', format: (value) => formatBytes(value) });
    case 'percent':
      return rated({ name: '%', format: (value) => `${plainNumber(value)} %` });
    case 'ratio':
      return rated({ name: '%', format: (value) => `${plainNumber(value * 100)} %` });
    default:
      return perSecond ? { name: '/s', format: (value) => `${plainNumber(value)}/s` } : { name: '', format: plainNumber };
  }
}
