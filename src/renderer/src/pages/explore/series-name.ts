/** A series as Prometheus writes it: `name{label="value", …}`; `{}` for a result without labels. */
export function seriesName(metric: Readonly<Record<string, string>>): string {
  const { __name__: name, ...labels } = metric;
  const pairs = Object.entries(labels).map(([label, value]) => `${label}=${JSON.stringify(value)}`);
  return `${name ?? ''}{${pairs.join(', ')}}`;
}

/** Distinct colours for a chart's lines, repeating after ten. */
const palette = ['#4c6ef5', '#12b886', '#fd7e14', '#be4bdb', '#15aabf', '#fab005', '#e64980', '#82c91e', '#7950f2', '#868e96'];

export function seriesColor(index: number): string {
  return palette[index % palette.length] as string;
}
