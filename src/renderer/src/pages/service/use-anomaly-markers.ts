import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ChartMarker } from '../../components/charts/marker-plugin';
import { useBridge } from '../../bridge/use-bridge';
import { anomalyStretches, type AnomalyStretch } from '../../format/anomaly-stretches';
import { gapThreshold } from '../../format/chart-data';
import { formatAbsoluteTime } from '../../format/time';
import type { ResolvedRange } from '../../format/time-range';
import { resolveCssColor } from './marker-colors';

/** Anomalies are orange: not an outage (red), not a warning threshold someone wrote (yellow). */
const ANOMALY_COLOR = 'var(--mantine-color-orange-6)';
/** Live ranges re-read the scores this often: an episode's shading grows with it. */
const LIVE_REFRESH_MS = 10_000;
const MAX_POINTS = 720;

/**
 * The stretches where a chart's series were anomalous, as chart markers: one `metrics.chart`
 * request for the `anomaly_score` of `metric` over `labels`, for the chart's range (re-read while
 * the range is live). A series that is not scored has no scores and so no markers.
 */
export function useAnomalyMarkers(metric: string, labels: Record<string, string>, range: ResolvedRange, sampleEveryMs: number): ChartMarker[] {
  const bridge = useBridge();
  const [stretches, setStretches] = useState<AnomalyStretch[]>([]);
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
          if (!stopped) setStretches(anomalyStretches(scores, gapThreshold(scores.stepMs, sampleEveryMs), current.live));
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

  return useMemo(() => anomalyMarkers(stretches), [stretches]);
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
