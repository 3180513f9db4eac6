import { humanDuration } from './forecast-result';
import type { ShiftEvent } from './level-shifts';
import { median } from './robust-polynomial';

/**
 * Whether the level shifts a series has shown recur, and what they add ahead of now. A cleanup
 * cron that frees space every hour makes a sawtooth whose peaks, not its mean, reach the
 * threshold first: regular jumps (3 or more at a steady cadence) are projected one by one at
 * their cadence and typical size. Two or more irregular jumps are treated as a Poisson process
 * whose rate is estimated from the history (n jumps in the time seen): their expected total is
 * projected as a rate, and their count's uncertainty widens the band (a compound Poisson
 * variance); it fades as time passes without another. A single jump counts as one in the
 * history seen (firstOfItsKind), and jumps that stopped (none for three times their usual
 * interval) count no more.
 */
export interface JumpProjection {
  /** Expected total jump (raw units, signed) in (0, h] seconds ahead. */
  within(h: number): number;
  /** Variance of that total. */
  variance(h: number): number;
  /** Horizons (s) just before each projected regular jump, where a sawtooth peaks. */
  peaks(horizon: number): number[];
  /** For the sentence: "counting drops of 8.6e9 every 1.8 h". */
  describe: string[];
  /** Whether any jumps are projected one by one (a sawtooth). */
  regular: boolean;
}

const REGULAR_EVENTS = 3;
const REGULAR_SPREAD = 0.35;
const STOPPED_INTERVALS = 3;
const MAX_PEAKS = 4000;

interface Recurrence {
  period: number; // s
  size: number;
  next: number; // s ahead of now
  regular: boolean;
}

/**
 * @param historyStartMs the first sample's time: the span in which the events were looked for
 * @param rate the trend's rate between jumps (units/s): with it, a regular jump's projected size
 *   is set so that the levels just before the jumps (a sawtooth's peaks) keep rising as they did,
 *   which measures the net gain per cycle directly instead of as a small difference of two large numbers
 */
export function projectJumps(events: readonly ShiftEvent[], nowMs: number, historyStartMs: number, keptAll: boolean, rate: number): JumpProjection {
  const kinds = [events.filter((e) => e.size < 0), events.filter((e) => e.size > 0)]
    .map((list) => recurrence(list, nowMs, keptAll ? (list[0]?.t ?? historyStartMs) : historyStartMs, historyStartMs, rate))
    .filter((r): r is Recurrence => r !== undefined);
  return {
    within(h) {
      let total = 0;
      for (const r of kinds) total += r.regular ? (h >= r.next ? (Math.floor((h - r.next) / r.period) + 1) * r.size : 0) : (r.size / r.period) * h;
      return total;
    },
    variance(h) {
      let total = 0;
      for (const r of kinds) if (!r.regular) total += (r.size * r.size * h) / r.period;
      return total;
    },
    peaks(horizon) {
      const out: number[] = [];
      for (const r of kinds) {
        if (!r.regular) continue;
        for (let h = r.next; h <= horizon && out.length < MAX_PEAKS; h += r.period) out.push(Math.max(h * (1 - 1e-9), h - 1e-3));
      }
      return out;
    },
    regular: kinds.some((r) => r.regular),
    describe: kinds.map(
      (r) => `${r.size < 0 ? 'drops' : 'jumps'} of ${formatSize(Math.abs(r.size))} ${r.regular ? 'every' : 'about once per'} ${humanDuration(r.period)}`,
    ),
  };
}

function recurrence(list: readonly ShiftEvent[], nowMs: number, spanStartMs: number, historyStartMs: number, rate: number): Recurrence | undefined {
  if (list.length === 0) return undefined;
  const size = median(list.map((e) => e.size));
  const last = (list[list.length - 1] as ShiftEvent).t;
  const since = (nowMs - last) / 1000;
  const intervals: number[] = [];
  for (let i = 1; i < list.length; i++) intervals.push(((list[i] as ShiftEvent).t - (list[i - 1] as ShiftEvent).t) / 1000);
  if (intervals.length > 0) {
    const period = median(intervals);
    if (!(period > 0) || since > STOPPED_INTERVALS * period) return undefined; // they stopped
    const spread = median(intervals.map((x) => Math.abs(x - period))) / period;
    if (list.length >= REGULAR_EVENTS && spread <= REGULAR_SPREAD) {
      let next = period - since;
      while (next <= 0) next += period;
      const envelope = envelopeSlope(list);
      return { period, size: envelope === undefined ? size : envelope * period - rate * period, next, regular: true };
    }
  }
  // A Poisson rate: n jumps in the span seen.
  if (list.length < 2) return firstOfItsKind(list[0] as ShiftEvent, nowMs, historyStartMs, rate);
  const span = (nowMs - spanStartMs) / 1000;
  if (!(span > 0)) return undefined;
  return { period: span / list.length, size, next: 0, regular: false };
}

/**
 * A single jump: a one-off (a manual cleanup: the fill rate goes on unchanged) or the first of a
 * cadence (a cron: the net rate is the fill rate less a jump per period). Until a second one
 * comes, the only evidence of a cadence is one jump in the history seen, the Poisson estimate
 * (one per history) — which just after the first cleanup of a cron is its net rate — with the
 * compound Poisson variance, whose band reaches the no-more-jumps reading (h ahead, one jump's
 * size × √(h / history)). A one-off fades: the rate falls as the history grows, and the jump
 * counts no more once three times the history before it has passed without another. Only a jump
 * against the trend (a drop in a fill) whose recurrence would leave it going the same way: one
 * that would cancel the whole fill once per history is a reset or a one-off, not a cron, and one
 * along the trend (a big file copied in) stays a one-off, as before.
 */
function firstOfItsKind(jump: ShiftEvent, nowMs: number, historyStartMs: number, rate: number): Recurrence | undefined {
  const before = (jump.t - historyStartMs) / 1000;
  const span = (nowMs - historyStartMs) / 1000;
  if (!(before > 0) || !(span > 0) || (nowMs - jump.t) / 1000 > STOPPED_INTERVALS * before) return undefined;
  if (!(jump.size * rate < 0) || Math.abs(jump.size) / span >= Math.abs(rate)) return undefined;
  return { period: span, size: jump.size, next: 0, regular: false };
}

/** Robust (Theil–Sen) slope of the levels just before each jump, per second. */
function envelopeSlope(list: readonly ShiftEvent[]): number | undefined {
  const slopes: number[] = [];
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const a = list[i] as ShiftEvent;
      const b = list[j] as ShiftEvent;
      if (b.t > a.t) slopes.push((b.from - a.from) / ((b.t - a.t) / 1000));
    }
  }
  return slopes.length >= 3 ? median(slopes) : undefined;
}

function formatSize(x: number): string {
  return x >= 1000 ? x.toPrecision(3) : String(Math.round(x * 100) / 100);
}
