import type { Labels } from '../store/labels';
import type { AggregateExpr } from './ast';
import { labelsKey, METRIC_NAME, type Sample } from './values';

interface Group {
  labels: Labels;
  value: number;
  count: number;
  /** avg: Prometheus' incremental mean, which stays finite where a plain sum would overflow. */
  mean: number;
}

function groupLabels(labels: Labels, grouping: AggregateExpr['grouping']): Labels {
  const out: Record<string, string> = {};
  if (grouping.without) {
    for (const [name, value] of Object.entries(labels)) if (name !== METRIC_NAME && !grouping.labels.includes(name)) out[name] = value;
  } else {
    for (const name of grouping.labels) if (labels[name] !== undefined) out[name] = labels[name];
  }
  return out;
}

/** sum, avg, min, max and count, by or without labels, as Prometheus aggregates. */
export function aggregate(expr: AggregateExpr, samples: readonly Sample[]): Sample[] {
  const groups = new Map<string, Group>();
  for (const sample of samples) {
    const labels = groupLabels(sample.labels, expr.grouping);
    const key = labelsKey(labels);
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, { labels, value: sample.value, count: 1, mean: sample.value });
      continue;
    }
    group.count += 1;
    switch (expr.op) {
      case 'sum':
        group.value += sample.value;
        break;
      case 'avg':
        if (!Number.isFinite(group.mean) && !Number.isNaN(group.mean)) {
          if (Number.isFinite(sample.value)) break;
          if (Math.sign(group.mean) !== Math.sign(sample.value) || Number.isNaN(sample.value)) group.mean = Number.NaN;
          break;
        }
        group.mean += sample.value / group.count - group.mean / group.count;
        break;
      case 'min':
        if (group.value > sample.value || Number.isNaN(group.value)) group.value = sample.value;
        break;
      case 'max':
        if (group.value < sample.value || Number.isNaN(group.value)) group.value = sample.value;
        break;
      case 'count':
        break;
    }
  }
  return [...groups.values()].map((group) => ({
    labels: group.labels,
    value: expr.op === 'count' ? group.count : expr.op === 'avg' ? group.mean : group.value,
  }));
}
