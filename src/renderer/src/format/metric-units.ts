import { formatBytes } from './bytes';

/** Latency in ms below a second, else seconds (UI.md: units always shown and scaled). */
export function formatLatency(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  if (ms === 0) return '0 ms';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1_000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function formatPercent(value: number | null, digits = 1): string {
  if (value === null || !Number.isFinite(value)) return '—';
  return `${value.toFixed(digits)} %`;
}

/** Availability as operators quote it: 100 %, 99.95 %, 97.2 %. */
export function formatAvailability(fraction: number | null): string {
  if (fraction === null) return '—';
  const percent = fraction * 100;
  if (percent >= 100) return '100 %';
  if (percent >= 99) return `${(Math.floor(percent * 100) / 100).toFixed(2)} %`;
  return `${(Math.floor(percent * 10) / 10).toFixed(1)} %`;
}

export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}
