import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import type { ProbeSample } from './check-result';

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const sampleValue = /^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|Inf|inf|NaN|nan)$/;

/**
 * Prometheus text format 0.0.4 into flat samples, the way Prometheus stores them: a histogram
 * becomes <name>_bucket{le}, <name>_sum and <name>_count; a summary <name>{quantile}, _sum
 * and _count. Timestamps in the text are ignored (the scrape's time is used). The parser is
 * lenient, so names and values are checked here: text that is not the format is refused.
 */
export function parseExposition(text: string): ProbeSample[] {
  // The parser drops a last line that has no newline after it.
  const families = parsePrometheusTextFormat(text.endsWith('\n') ? text : `${text}\n`);
  const out: ProbeSample[] = [];
  const push = (name: string, value: string | undefined, labels: Record<string, string> | undefined): void => {
    if (value === undefined) return;
    if (!sampleValue.test(value)) throw new Error(`${name}: ${JSON.stringify(value)} is not a number`);
    out.push({ name, value: parseValue(value), labels: labels ?? {} });
  };
  for (const family of families) {
    if (!metricName.test(family.name)) throw new Error(`${JSON.stringify(family.name)} is not a metric name`);
    for (const metric of family.metrics) {
      if ('buckets' in metric) {
        for (const [le, value] of Object.entries(metric.buckets)) push(`${family.name}_bucket`, value, { ...metric.labels, le });
        push(`${family.name}_sum`, metric.sum, metric.labels);
        push(`${family.name}_count`, metric.count, metric.labels);
      } else if ('quantiles' in metric) {
        for (const [quantile, value] of Object.entries(metric.quantiles)) push(family.name, value, { ...metric.labels, quantile });
        push(`${family.name}_sum`, metric.sum, metric.labels);
        push(`${family.name}_count`, metric.count, metric.labels);
      } else {
        push(family.name, metric.value, metric.labels);
      }
    }
  }
  return out;
}

function parseValue(text: string): number {
  const bare = text.replace(/^\+/, '').toLowerCase();
  if (bare === 'inf') return Number.POSITIVE_INFINITY;
  if (bare === '-inf') return Number.NEGATIVE_INFINITY;
  if (bare === 'nan') return Number.NaN;
  return Number(text);
}
