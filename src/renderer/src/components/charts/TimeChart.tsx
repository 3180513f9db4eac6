import { Box, useComputedColorScheme } from '@mantine/core';
import { useEffect, useImperativeHandle, useLayoutEffect, useRef, type Ref } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatAbsoluteTime, formatTimeTick } from '../../format/time';
import { markerPlugin, type ChartMarker } from './marker-plugin';

export interface ChartSeriesSpec {
  label: string;
  color: string;
  /** Filled area under the line (sparklines, availability). */
  fill?: boolean;
  /** A dashed line (a threshold) rather than a solid one. */
  dash?: number[];
}

/** What a page does to a chart without re-rendering: new data, streamed or fetched. */
export interface TimeChartHandle {
  setData(data: uPlot.AlignedData, range?: { start: number; end: number }): void;
}

interface TimeChartProps {
  series: ChartSeriesSpec[];
  initialData: uPlot.AlignedData;
  /** The visible time range (ms); the data may cover less (gaps at the ends). */
  range: { start: number; end: number };
  formatValue: (value: number) => string;
  height?: number;
  /** Fixed y range (percentages); otherwise it fits the data from zero. */
  yRange?: [number, number];
  /** Charts with the same key share the crosshair. */
  syncKey?: string;
  /** Drag across the chart to zoom: the page picks up the new range (ms). */
  onZoom?: (range: { start: number; end: number }) => void;
  /** Double-click: back to the page's range. */
  onReset?: () => void;
  /** Axes and legend off: a sparkline on a card. Its time axis starts where its data does. */
  compact?: boolean;
  /** Events drawn on the chart (restarts, outages, status changes), each named on hover. */
  markers?: readonly ChartMarker[];
  /** Areas filled between two series (indices into `series`, the upper one first): a forecast's interval. */
  bands?: readonly { between: [number, number]; color: string }[];
  ref?: Ref<TimeChartHandle>;
  'data-testid'?: string;
}

/** Indices of the samples of a series whose neighbours are both gaps (null) or ends: lines cannot show them. */
function isolatedPoints(plot: uPlot, seriesIdx: number): number[] | null {
  const values = plot.data[seriesIdx] as (number | null | undefined)[] | undefined;
  if (values === undefined) return null;
  const missing = (value: number | null | undefined): boolean => value === null || value === undefined;
  const found: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (missing(values[i])) continue;
    let before = i - 1;
    while (before >= 0 && values[before] === undefined) before--;
    let after = i + 1;
    while (after < values.length && values[after] === undefined) after++;
    // undefined is "no sample of this series here" (spanned); null is a gap.
    if ((before < 0 || values[before] === null) && (after >= values.length || values[after] === null)) found.push(i);
  }
  return found.length === 0 ? null : found;
}

/**
 * A uPlot chart. React creates it once per series layout and theme; afterwards data only
 * flows through `setData` on the handle, so streaming checks never re-render React.
 */
export function TimeChart({
  series,
  initialData,
  range,
  formatValue,
  height = 180,
  yRange,
  syncKey,
  onZoom,
  onReset,
  compact = false,
  markers,
  bands,
  ref,
  ...rest
}: TimeChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const markerLayer = useRef<ReturnType<typeof markerPlugin> | null>(null);
  const latestMarkers = useRef<readonly ChartMarker[]>(markers ?? []);
  useEffect(() => {
    latestMarkers.current = markers ?? [];
    markerLayer.current?.set(latestMarkers.current);
  }, [markers]);
  const latest = useRef({ data: initialData, range, onZoom, onReset, formatValue });
  // uPlot's hooks call back into the newest handlers without recreating the chart.
  useLayoutEffect(() => {
    latest.current.onZoom = onZoom;
    latest.current.onReset = onReset;
    latest.current.formatValue = formatValue;
  });
  const dark = useComputedColorScheme('light', { getInitialValueInEffect: false }) === 'dark';
  const seriesKey = [
    ...series.map((one) => `${one.label}:${one.color}:${one.fill === true}:${one.dash?.join(',') ?? ''}`),
    ...(bands ?? []).map((band) => `band:${band.between.join('-')}:${band.color}`),
  ].join('|');

  useImperativeHandle(ref, () => ({
    setData(data, nextRange) {
      latest.current.data = data;
      if (nextRange !== undefined) latest.current.range = nextRange;
      const plot = chart.current;
      if (plot === null) return;
      plot.batch(() => {
        plot.setData(data, false);
        plot.setScale('x', { min: latest.current.range.start / 1000, max: latest.current.range.end / 1000 });
      });
    },
  }));

  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    const axisColor = dark ? '#909296' : '#495057';
    const gridColor = dark ? 'rgba(255,255,255,0.07)' : 'rgba(0,0,0,0.07)';
    const value = (v: number | null): string => (v === null || v === undefined ? '—' : latest.current.formatValue(v));
    const layer = markerPlugin(latestMarkers.current);
    markerLayer.current = layer;
    const options: uPlot.Options = {
      plugins: [layer.plugin],
      width: Math.max(element.clientWidth, 100),
      height,
      // Room on the right for the last time label ("14:40" centred on the edge is otherwise cut).
      padding: compact ? [2, 0, 2, 0] : [8, 20, 0, 0],
      legend: { show: !compact, live: true },
      cursor: compact
        ? { show: false }
        : { sync: syncKey === undefined ? undefined : { key: syncKey }, drag: { x: true, y: false, setScale: false }, points: { size: 6 } },
      select: { show: !compact, left: 0, top: 0, width: 0, height: 0 },
      scales: {
        x: {
          time: true,
          range: (plot) => {
            const { start, end } = latest.current.range;
            const first = plot.data[0][0];
            // A sparkline with less history than its window fills its width instead of a corner.
            return [compact && first !== undefined ? Math.max(start / 1000, first) : start / 1000, end / 1000];
          },
        },
        y: yRange !== undefined ? { range: () => yRange } : { range: (_u, min, max) => [Math.min(0, min * 1.1), max > 0 ? max * 1.1 : 1] },
      },
      axes: compact
        ? [{ show: false }, { show: false }]
        : [
            {
              stroke: axisColor,
              grid: { stroke: gridColor, width: 1 },
              ticks: { stroke: gridColor, width: 1 },
              // Room for "14:05:09" between ticks.
              space: 80,
              values: (plot, splits) => {
                const span = ((plot.scales.x?.max ?? 0) - (plot.scales.x?.min ?? 0)) * 1000;
                return splits.map((split) => formatTimeTick(split * 1000, span));
              },
            },
            {
              stroke: axisColor,
              grid: { stroke: gridColor, width: 1 },
              ticks: { stroke: gridColor, width: 1 },
              size: 64,
              values: (_u, splits) => splits.map((split) => latest.current.formatValue(split)),
            },
          ],
      series: [
        { value: (_u, ts: number | null) => (ts === null ? '—' : formatAbsoluteTime(ts * 1000)) },
        ...series.map((one) => ({
          label: one.label,
          stroke: one.color,
          width: compact ? 1.25 : 1.5,
          fill: one.fill === true ? `${one.color}26` : undefined,
          dash: one.dash,
          spanGaps: false,
          // A sample with gaps on both sides (a process that lived a second) draws no line: a dot shows it.
          points: compact ? { show: false } : { show: false, size: 5, filter: isolatedPoints },
          value: (_u: uPlot, v: number | null) => value(v),
        })),
      ],
      // uPlot counts the time column as series 0.
      bands: bands?.map((band) => ({ series: [band.between[0] + 1, band.between[1] + 1] as [number, number], fill: band.color })),
      hooks: {
        setSelect: [
          (plot) => {
            if (plot.select.width < 5) return;
            const start = plot.posToVal(plot.select.left, 'x') * 1000;
            const end = plot.posToVal(plot.select.left + plot.select.width, 'x') * 1000;
            plot.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            latest.current.onZoom?.({ start: Math.round(start), end: Math.round(end) });
          },
        ],
      },
    };
    const plot = new uPlot(options, latest.current.data, element);
    chart.current = plot;
    const onDoubleClick = (): void => latest.current.onReset?.();
    plot.over.addEventListener('dblclick', onDoubleClick);
    const observer = new ResizeObserver(() => {
      const width = element.clientWidth;
      if (width > 0 && width !== plot.width) plot.setSize({ width, height });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.over.removeEventListener('dblclick', onDoubleClick);
      plot.destroy();
      chart.current = null;
      markerLayer.current = null;
    };
    // series and yRange are captured through seriesKey and the range tuple.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [seriesKey, dark, height, compact, syncKey, yRange?.[0], yRange?.[1]]);

  return <Box ref={container} w="100%" data-testid={rest['data-testid']} className="zervigo-chart" />;
}
