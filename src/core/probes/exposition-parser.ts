import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import type { ProbeSample } from './check-result';

/**
 * Prometheus text format 0.0.4 into flat samples, the way Prometheus stores them: a histogram
 * becomes <name>_bucket{le}, <name>_sum and <name>_count; a summary <name>{quantile}, _sum
 * and _count. Timestamps in the text are ignored (the scrape's time is used).
 */
export function parseExposition(text: string): ProbeSample[] {
  const families = parsePrometheusTextFormat(text);
  const out: ProbeSample[] = [];
  const push = (name: string, value: string | undefined, labels: Record<string, string> | undefined): void => {
    if (value === undefined) return;
    out.push({ name, value: parseValue(value), labels: labels ?? {} });
  };
  for (const family of families) {
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
  if (text === '+Inf' || text === 'Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}
