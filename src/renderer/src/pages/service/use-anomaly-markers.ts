import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { AnomalyInsight } from '../../../../shared/types/insights';
import type { ChartData } from '../../../../shared/types/monitoring';
import type { ChartMarker } from '../../components/charts/marker-plugin';
import { useBridge } from '../../bridge/use-bridge';
import { anomalyStretches, type AnomalyStretch } from '../../format/anomaly-stretches';
import { gapThreshold } from '../../format/chart-data';
import { formatAbsoluteTime } from '../../format/time';
import type { ResolvedRange } from '../../format/time-range';
import { useInsightsStore } from '../../stores/insights-store';
import { resolveCssColor } from './marker-colors';

/** Anomalies are orange: not an outage (red), not a warning threshold someone wrote (yellow). */
const ANOMALY_COLOR = 'var(--mantine-color-orange-6)';
/** Live ranges re-read the scores this often: an episode's shading grows with it. */
const LIVE_REFRESH_MS = 10_000;
const MAX_POINTS = 720;

/** The scores last read, and how to read them into stretches. */
interface LoadedScores {
  scores: ChartData;
  gapMs: number;
  live: boolean;
}

/**
 * The stretches where a chart's series were anomalous, as chart markers: one `metrics.chart`
 * request for the `anomaly_score` of `metric` over `labels`, for the chart's range (re-read while
 * the range is live), with the anomaly episodes of those series the insights already loaded list
 * (an episode can begin before its score reached the alarm: anomaly-stretches.ts). A series that
 * is not scored has no scores and so no markers.
 */
export function useAnomalyMarkers(metric: string, labels: Record<string, string>, range: ResolvedRange, sampleEveryMs: number): ChartMarker[] {
  const bridge = useBridge();
  const [loaded, setLoaded] = useState<LoadedScores | null>(null);
  const anomalies = useInsightsStore((state) => state.view?.anomalies);
  const windowRef = useRef(range);
  useLayoutEffect(() => {
    windowRef.current = range;
  }, [range]);
  const span = range.end - range.start;
  const rangeKey = range.live ? `live:${span}` : `${range.start}-${range.end}`;
  const matchers = Object.entries({ ...labels, metric })
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join(',');

  useEffect(() => {
    let stopped = false;
    const load = (): void => {
      const current = windowRef.current;
      const end = current.live ? Date.now() : current.end;
      const start = current.live ? end - span : current.start;
      bridge
        .invoke('metrics.chart', { query: `anomaly_score{${matchers}}`, start, end, maxPoints: MAX_POINTS })
        .then((scores) => {
          if (!stopped) setLoaded({ scores, gapMs: gapThreshold(scores.stepMs, sampleEveryMs), live: current.live });
        })
        // Shading is an extra: a chart without it is still right, and the chart's own request reports errors.
        .catch(() => undefined);
    };
    load();
    const timer = windowRef.current.live ? setInterval(load, LIVE_REFRESH_MS) : null;
    return () => {
      stopped = true;
      if (timer !== null) clearInterval(timer);
    };
  }, [bridge, matchers, rangeKey, span, sampleEveryMs]);

  // `labels` is a new object each render with the same content: its text keys the memo.
  const labelsKey = JSON.stringify(labels);
  return useMemo(() => {
    if (loaded === null) return [];
    const episodes = episodesOf(anomalies ?? [], metric, JSON.parse(labelsKey) as Record<string, string>);
    return anomalyMarkers(anomalyStretches(loaded.scores, loaded.gapMs, loaded.live, episodes));
  }, [loaded, anomalies, metric, labelsKey]);
}

/** The spans of the episodes of `metric`'s series that carry all of `labels`. */
export function episodesOf(anomalies: readonly AnomalyInsight[], metric: string, labels: Record<string, string>): AnomalyStretch[] {
  return anomalies
    .filter((anomaly) => anomaly.series.metric === metric && Object.entries(labels).every(([name, value]) => anomaly.series.labels[name] === value))
    .map((anomaly) => ({ start: anomaly.startedAt, end: anomaly.endedAt }));
}

/** Anomalous stretches as orange chart bands, each named with its span. */
export function anomalyMarkers(stretches: readonly AnomalyStretch[]): ChartMarker[] {
  const color = resolveCssColor(ANOMALY_COLOR);
  return stretches.map((stretch) => ({
    at: stretch.start,
    end: stretch.end,
    color,
    label: `anomalous from ${formatAbsoluteTime(stretch.start)} to ${stretch.end === null ? 'now' : formatAbsoluteTime(stretch.end)}`,
  }));
}
