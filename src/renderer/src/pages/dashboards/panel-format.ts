import type { Panel, PanelThreshold } from '../../../../shared/dashboards/dashboard';
import { formatBytes } from '../../format/bytes';
import { unitOfQuery, type MetricUnit } from '../../format/metric-unit';
import { formatLatency } from '../../format/metric-units';

const fixed = (decimals: number | undefined) => (value: number) =>
  decimals !== undefined ? value.toFixed(decimals) : Number.isInteger(value) ? String(value) : Number(value.toPrecision(4)).toString();

/** A panel's unit: the one it names, or (auto) the guess from its query's metric name. */
export function unitOfPanel(panel: Pick<Panel, 'unit' | 'decimals' | 'query'>): MetricUnit {
  const number = fixed(panel.decimals);
  switch (panel.unit) {
    case 'auto':
      return panel.decimals === undefined ? unitOfQuery(panel.query) : { ...unitOfQuery(panel.query), format: number };
    case 'none':
      return { name: '', format: number };
    case 'percent':
      return { name: '%', format: (value) => `${number(value)} %` };
    case 'ratio':
      return { name: '%', format: (value) => `${number(value * 100)} %` };
    case 'seconds':
      return { name: 'seconds', format: (value) => formatLatency(value * 1000) };
    case 'ms':
      return { name: 'ms', format: (value) => formatLatency(value) };
    case 'bytes':
      return { name: 'bytes', format: (value) => formatBytes(value) };
    case 'bytes/s':
      return { name: 'bytes/s', format: (value) => `${formatBytes(value)}/s` };
    case 'reqps':
      return { name: 'req/s', format: (value) => `${number(value)} req/s` };
  }
}

/** Mantine's palette by name, so "red" is the theme's red in both schemes; anything else is CSS as written. */
const mantineColors = new Set(['red', 'pink', 'grape', 'violet', 'indigo', 'blue', 'cyan', 'teal', 'green', 'lime', 'yellow', 'orange', 'gray', 'dark']);

export function cssColor(color: string): string {
  if (color === 'purple') return 'var(--mantine-color-grape-6)';
  if (color === 'grey') return 'var(--mantine-color-gray-6)';
  return mantineColors.has(color) ? `var(--mantine-color-${color}-6)` : color;
}

/** uPlot draws on a canvas, which cannot read CSS variables: names become fixed hex values. */
const canvasColors: Record<string, string> = {
  red: '#fa5252',
  pink: '#e64980',
  grape: '#be4bdb',
  purple: '#be4bdb',
  violet: '#7950f2',
  indigo: '#4c6ef5',
  blue: '#228be6',
  cyan: '#15aabf',
  teal: '#12b886',
  green: '#40c057',
  lime: '#82c91e',
  yellow: '#fab005',
  orange: '#fd7e14',
  gray: '#868e96',
  grey: '#868e96',
};

export function canvasColor(color: string): string {
  return canvasColors[color] ?? color;
}

/** The colour for a value: the highest threshold it reaches, else the panel's base colour (or null). */
export function thresholdColor(value: number, thresholds: readonly PanelThreshold[], base: string | undefined): string | null {
  let found: string | null = base ?? null;
  let reached = -Infinity;
  for (const threshold of thresholds)
    if (value >= threshold.value && threshold.value >= reached) {
      reached = threshold.value;
      found = threshold.color;
    }
  return found;
}
