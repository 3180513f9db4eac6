import { formatValue } from './range-query';

export interface ExposedSample {
  name: string;
  labels: Readonly<Record<string, string>>;
  value: number;
}

/**
 * Prometheus text format 0.0.4: one line per series, grouped by name, without timestamps
 * (the scraper stamps them), so a real Prometheus can scrape Zervigo's /metrics.
 */
export function formatExposition(samples: Iterable<ExposedSample>): string {
  const byName = new Map<string, ExposedSample[]>();
  for (const sample of samples) {
    const list = byName.get(sample.name);
    if (list === undefined) byName.set(sample.name, [sample]);
    else list.push(sample);
  }
  let out = '';
  for (const name of [...byName.keys()].sort()) {
    out += `# TYPE ${name} untyped\n`;
    for (const sample of byName.get(name) ?? []) {
      const labels = Object.entries(sample.labels);
      const labelText = labels.length === 0 ? '' : `{${labels.map(([key, value]) => `${key}="${escapeLabelValue(value)}"`).join(',')}}`;
      out += `${name}${labelText} ${formatValue(sample.value)}\n`;
    }
  }
  return out;
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}
