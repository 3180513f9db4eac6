import type { AdviceInsight } from '../../../shared/types/insights';
import { formatBytes, formatMs, seriesWith, type AdviceContext } from './advice-context';
import { kendallTau, theilSenSlope } from './robust-stats';

/** Memory is judged over the last 6 hours, in this many slices: each slice's lowest value is where the memory settles. */
const WINDOW_MS = 6 * 3_600_000;
const SLICES = 12;
/** At least this much of the window must have samples: a service that just started is still warming up. */
const MIN_SPAN_MS = 2 * 3_600_000;
/** The troughs must rise nearly every slice (Kendall's tau)… */
const MIN_TAU = 0.7;
/** …by at least this share of where they started and this many bytes… */
const MIN_RISE_SHARE = 0.1;
const MIN_RISE_BYTES = 8 * 1024 ** 2;
/** …and still be rising in the later half (a warm-up that levelled off is not a leak). */
const MIN_LATE_SHARE = 0.5;

/**
 * A service whose memory grows steadily: the floor it returns to after each collection (the
 * lowest resident memory of each slice of the last 6 h) keeps rising. A garbage collector's
 * sawtooth returns to the same floor and a warm-up levels off; neither is advised. The slope
 * is the Theil–Sen slope of the floors (robust to a slice that missed a collection).
 */
export function memoryGrowthAdvice(context: AdviceContext): AdviceInsight[] {
  const out: AdviceInsight[] = [];
  const from = context.now - WINDOW_MS;
  for (const service of Object.keys(context.config.services)) {
    for (const series of seriesWith(context, 'process_resident_memory_bytes', { service })) {
      const points = context.series.reader.readDownsampled(series.id, from, context.now, SLICES * 10, context.now);
      if (points.ts.length === 0) continue;
      const first = points.ts[0] as number;
      const last = points.ts.at(-1) as number;
      if (last - first < MIN_SPAN_MS) continue;
      const sliceMs = (last - first) / SLICES;
      const floors: number[] = [];
      const times: number[] = [];
      for (let s = 0; s < SLICES; s++) {
        let floor = Number.POSITIVE_INFINITY;
        for (let i = 0; i < points.ts.length; i++) {
          const t = points.ts[i] as number;
          if (t >= first + s * sliceMs && (t < first + (s + 1) * sliceMs || (s === SLICES - 1 && t <= last))) floor = Math.min(floor, points.min[i] as number);
        }
        if (Number.isFinite(floor)) {
          floors.push(floor);
          times.push(first + (s + 0.5) * sliceMs);
        }
      }
      if (floors.length < SLICES * 0.75) continue;
      const tau = kendallTau(floors);
      const slopePerMs = theilSenSlope(times, floors);
      const half = floors.length >> 1;
      const lateSlope = theilSenSlope(times.slice(half), floors.slice(half));
      const rise = slopePerMs * (last - first);
      const base = floors[0] as number;
      if (tau < MIN_TAU || rise < MIN_RISE_BYTES || rise < MIN_RISE_SHARE * base || lateSlope < MIN_LATE_SHARE * slopePerMs) continue;
      const perHour = slopePerMs * 3_600_000;
      out.push({
        kind: 'advice',
        id: `memory-growth:${series.key}`,
        advice: 'memory-growth',
        service,
        at: context.now,
        title: `${service}'s memory grows steadily (leak suspected)`,
        summary: `The memory ${service} returns to after each collection rose from ${formatBytes(base)} to ${formatBytes(floors.at(-1) as number)} over ${formatMs(last - first)}, ${formatBytes(perHour)}/h, in ${Math.round(((tau + 1) / 2) * 100)} % of slice pairs: a leak is likely. Look at what it keeps (caches, listeners, connections); a restart only buys time.`,
        facts: [
          { name: 'slope', value: perHour, unit: 'bytes/h', text: `${formatBytes(perHour)}/h` },
          { name: 'floor_start', value: base, unit: 'bytes', text: `floor at start ${formatBytes(base)}` },
          { name: 'floor_now', value: floors.at(-1) as number, unit: 'bytes', text: `floor now ${formatBytes(floors.at(-1) as number)}` },
          { name: 'kendall_tau', value: tau, unit: 'ratio', text: `monotonic (Kendall τ) ${tau.toFixed(2)}` },
          { name: 'window', value: (last - first) / 1000, unit: 'seconds', text: `over ${formatMs(last - first)}` },
        ],
        charts: [{ title: `${service} resident memory`, query: series.key, unit: 'bytes' }],
        from,
        to: context.now,
        apply: null,
      });
    }
  }
  return out;
}
