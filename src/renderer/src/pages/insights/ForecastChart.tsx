import { Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import type { ForecastInsight } from '../../../../shared/types/insights';
import { useBridge } from '../../bridge/use-bridge';
import { TimeChart, type TimeChartHandle } from '../../components/charts/TimeChart';
import { alignSeries, gapThreshold } from '../../format/chart-data';
import { messageOf } from '../../format/error-message';
import { forecastBand, forecastHorizonMs } from '../../format/forecast-band';
import { ChartWarnings } from '../../components/charts/ChartWarnings';
import { warningsOf } from '../../format/chart-warnings';

const MAX_POINTS = 240;
/** The history shown before now: as long as the look ahead, within an hour and a week. */
const MIN_PAST_MS = 3_600_000;
const MAX_PAST_MS = 7 * 86_400_000;
const BAND_COLOR = 'rgba(250, 176, 5, 0.18)';
const emptyData = [[], [], [], [], [], []] as unknown as uPlot.AlignedData;

function formatValue(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/**
 * A gauge's recent history and, ahead of now, where its forecast takes it: the expected path as a
 * dashed line, the 80 % interval as a shaded band, and the threshold. The chart ends a little past
 * the slow end of the interval, so the crossing is on it.
 */
export function ForecastChart({ forecast, compact = false }: { forecast: ForecastInsight; compact?: boolean }) {
  const bridge = useBridge();
  const handle = useRef<TimeChartHandle>(null);
  const [error, setError] = useState<string | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const ahead = forecastHorizonMs(forecast);
  const start = forecast.at - Math.min(MAX_PAST_MS, Math.max(MIN_PAST_MS, ahead));
  const end = forecast.at + ahead;
  useEffect(() => {
    let stopped = false;
    bridge
      .invoke('metrics.chart', { query: forecast.series.selector, start, end: forecast.at, maxPoints: MAX_POINTS })
      .then((data) => {
        if (stopped) return;
        setWarnings(warningsOf(data));
        const history = data.series[0];
        const band = forecastBand(forecast, end);
        const past = alignSeries(history === undefined ? [] : [{ ts: history.ts, values: history.avg }], gapThreshold(data.stepMs, data.stepMs));
        const threshold = { ts: [start, end], values: [forecast.threshold, forecast.threshold] };
        // The forecast's straight lines join their few points across hours: never a gap.
        const ahead = alignSeries(
          [...(band === null ? [] : [band.expected, band.near, band.far].map((values) => ({ ts: band.ts, values }))), threshold],
          Number.POSITIVE_INFINITY,
        );
        const blank: null[] = Array.from({ length: ahead[0].length }, () => null);
        const aheadColumns = band === null ? [ahead[0], blank, blank, blank, ahead[1]] : ahead;
        handle.current?.setData(uPlot.join([past.length > 1 ? past : [[], []], aheadColumns as uPlot.AlignedData]), { start, end });
      })
      .catch((failure: unknown) => {
        if (!stopped) setError(messageOf(failure));
      });
    return () => {
      stopped = true;
    };
  }, [bridge, forecast, start, end]);
  if (error !== null)
    return (
      <Text size="xs" c="red">
        {error}
      </Text>
    );
  const up = forecast.direction === 'up';
  return (
    <>
      <ChartWarnings warnings={warnings} variant="row" />
      <TimeChart
        ref={handle}
        height={compact ? 48 : 110}
        compact={compact}
        series={[
          { label: 'value', color: '#228be6' },
          { label: 'forecast', color: '#f08c00', dash: [6, 4] },
          { label: 'fast end', color: 'rgba(240, 140, 0, 0.35)' },
          { label: 'slow end', color: 'rgba(240, 140, 0, 0.35)' },
          { label: 'threshold', color: '#fa5252', dash: [2, 3] },
        ]}
        // The fast edge is above the slow one for a gauge that fills, below it for one that drains.
        bands={[{ between: up ? [2, 3] : [3, 2], color: BAND_COLOR }]}
        initialData={emptyData}
        range={{ start, end }}
        formatValue={formatValue}
        data-testid={compact ? 'machine-forecast-chart' : 'forecast-chart'}
      />
    </>
  );
}
