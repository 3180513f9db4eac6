/** Benchmarks print figures beside their targets; a missed target is reported, not hidden. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: { op: '<=' | '>='; value: number };
}

export function printFigures(title: string, figures: Figure[]): void {
  process.stdout.write(`\n${title}\n`);
  const width = Math.max(...figures.map((figure) => figure.name.length));
  for (const figure of figures) {
    const shown = `${formatNumber(figure.value)} ${figure.unit}`.trim();
    let verdict = '';
    if (figure.target !== undefined) {
      const met = figure.target.op === '<=' ? figure.value <= figure.target.value : figure.value >= figure.target.value;
      verdict = `  (target ${figure.target.op} ${formatNumber(figure.target.value)}: ${met ? 'met' : 'MISSED'})`;
    }
    process.stdout.write(`  ${figure.name.padEnd(width)}  ${shown}${verdict}\n`);
  }
}

function formatNumber(value: number): string {
  if (Math.abs(value) >= 1000 || Number.isInteger(value)) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(3).replace(/\.?0+$/, '') || '0';
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}
