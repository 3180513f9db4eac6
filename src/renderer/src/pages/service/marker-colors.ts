import type { ChartMarker } from '../../components/charts/marker-plugin';
import type { TimelineEntry } from '../../format/service-timeline';
import { formatAbsoluteTime } from '../../format/time';

/** The state colours of UI.md, as CSS for a canvas; a lifecycle action by a person is blue, a config change violet. */
export function markerColor(entry: Pick<TimelineEntry, 'tone' | 'kind'>): string {
  if (entry.kind === 'config') return 'var(--mantine-color-violet-6)';
  switch (entry.tone) {
    case 'critical':
      return 'var(--mantine-color-red-6)';
    case 'warning':
      return 'var(--mantine-color-yellow-6)';
    case 'ok':
      return 'var(--mantine-color-green-6)';
    case 'neutral':
      return entry.kind === 'paused' || entry.kind === 'stop' ? 'var(--mantine-color-gray-6)' : 'var(--mantine-color-blue-6)';
  }
}

/** Timeline entries as chart markers: a stretch for outages and stops, a moment otherwise. */
export function markersOf(entries: readonly TimelineEntry[]): ChartMarker[] {
  return entries.map((entry) => ({
    at: entry.at,
    end: entry.end,
    color: resolveCssColor(markerColor(entry)),
    label: `${formatAbsoluteTime(entry.at)} — ${entry.title}${entry.detail === null ? '' : `: ${entry.detail}`}`,
  }));
}

/** A canvas cannot paint a CSS variable: read its value from the document (the theme's colour). */
export function resolveCssColor(value: string): string {
  const name = /^var\((--[^)]+)\)$/.exec(value)?.[1];
  if (name === undefined || typeof document === 'undefined') return value;
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#868e96';
}
