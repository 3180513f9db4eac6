/**
 * Tells a lasting jump (a cleanup, a counter reset, a big file copied in) from a spike, online.
 *
 * A cheap one-step predictor (Holt's level and slope, time-aware) follows the series with a
 * robust scale of its one-step errors. A sample more than K scales away is held back. If the
 * series comes back, the held samples were outliers and are dropped. If it settles at the new
 * level, the jump is a level shift: it is recorded as an event (time, signed size) and added to
 * an offset, so that what the trend sees — `value + offset` — stays continuous, the way
 * Prometheus' rate() undoes counter resets. The trend then measures the filling itself, and the
 * forecaster decides from the events whether jumps recur (a cleanup every hour) and should be
 * projected, or were one-offs.
 */
export interface ShiftEvent {
  t: number;
  /** Raw units, signed: negative for a drop. */
  size: number;
  /** The raw level just before the jump (a sawtooth's peak). */
  from: number;
}

export interface LevelShiftState {
  level: number;
  slope: number;
  lastT: number;
  seen: number;
  absError: number;
  offset: number;
  pendingT: number[];
  pendingV: number[];
  settled: number;
  outliers: number;
  events: ShiftEvent[];
}

/** Jumps beyond this many robust scales of the one-step error are held back. */
const K = 6;
/** Samples at the new level that confirm a shift. */
const SETTLE = 2;
/** Held samples before a run that neither returns nor settles is taken as data. */
const MAX_PENDING = 6;
const KEPT_EVENTS = 16;
const WARM_UP = 8;
const ALPHA = 0.3;
const BETA = 0.05;

export class LevelShifts {
  private s: LevelShiftState;

  constructor(state?: LevelShiftState) {
    this.s = state ?? {
      level: 0,
      slope: 0,
      lastT: Number.NaN,
      seen: 0,
      absError: 0,
      offset: 0,
      pendingT: [],
      pendingV: [],
      settled: 0,
      outliers: 0,
      events: [],
    };
  }

  /** Feeds one sample; returns the samples (offset-adjusted) that the trend may now use. */
  offer(t: number, v: number): Array<{ t: number; y: number }> {
    const s = this.s;
    const y = v + s.offset;
    if (s.seen < WARM_UP) return [this.accept(t, y)];
    // A noise-free series has no error scale: allow 1 % of a step's own change.
    const scale = Math.max(this.scale(), 0.01 * Math.abs(s.slope * (t - s.lastT)));
    const deviation = Math.abs(y - this.predict(t));
    if (s.pendingT.length === 0) {
      if (deviation <= K * scale) return [this.accept(t, y)];
      s.pendingT.push(t);
      s.pendingV.push(v);
      s.settled = 0;
      return [];
    }
    if (deviation <= K * scale) {
      // Back where it was: the held samples were outliers.
      s.outliers += s.pendingT.length;
      this.clearPending();
      return [this.accept(t, y)];
    }
    // Settled: the new sample follows the previous held one as the series' slope would.
    const previous = (s.pendingV[s.pendingV.length - 1] as number) + s.slope * (t - (s.pendingT[s.pendingT.length - 1] as number));
    s.settled = Math.abs(v - previous) <= K * scale ? s.settled + 1 : 0;
    s.pendingT.push(t);
    s.pendingV.push(v);
    if (s.settled >= SETTLE) return this.confirmShift();
    if (s.pendingT.length > MAX_PENDING) return this.takeAsData();
    return [];
  }

  /** Offset to add to a raw value to place it on the continuous (adjusted) series. */
  get offset(): number {
    return this.s.offset;
  }

  get outliers(): number {
    return this.s.outliers;
  }

  get events(): readonly ShiftEvent[] {
    return this.s.events;
  }

  /** Whether older events were forgotten (the list is full). */
  get keptAllEvents(): boolean {
    return this.s.events.length >= KEPT_EVENTS;
  }

  /** Robust scale of one-step errors (≈ σ for Gaussian noise), floored for flat series. */
  scale(): number {
    const s = this.s;
    return Math.max(1.25 * s.absError, 1e-9 * Math.abs(s.level), 1e-12);
  }

  snapshot(): LevelShiftState {
    return { ...this.s, pendingT: this.s.pendingT.slice(), pendingV: this.s.pendingV.slice(), events: this.s.events.map((e) => ({ ...e })) };
  }

  get bytes(): number {
    return 8 * (9 + 2 * this.s.pendingT.length + 2 * this.s.events.length);
  }

  private predict(t: number): number {
    return this.s.level + this.s.slope * (t - this.s.lastT);
  }

  private accept(t: number, y: number): { t: number; y: number } {
    const s = this.s;
    if (s.seen === 0) {
      s.level = y;
    } else {
      const dt = t - s.lastT;
      const predicted = s.level + s.slope * dt;
      const error = y - predicted;
      // Errors are clipped before they enter the scale, so a burst cannot inflate it for long.
      const clipped = s.seen < 2 ? 0 : s.seen < WARM_UP ? Math.abs(error) : Math.min(Math.abs(error), K * this.scale());
      const rate = Math.max(1 / s.seen, 0.02);
      s.absError += rate * (clipped - s.absError);
      const level = predicted + ALPHA * error;
      // Early on the slope is a running mean of the increments, so a poor first pair does not
      // leave the predictor (and the scale it measures) wrong for dozens of samples.
      s.slope = s.seen === 1 ? (y - s.level) / dt : s.slope + Math.max(1 / s.seen, BETA) * ((level - s.level) / dt - s.slope);
      s.level = level;
    }
    s.lastT = t;
    s.seen += 1;
    return { t, y };
  }

  private confirmShift(): Array<{ t: number; y: number }> {
    const s = this.s;
    const settledT = s.pendingT.slice(-(SETTLE + 1));
    const settledV = s.pendingV.slice(-(SETTLE + 1));
    const firstT = settledT[0] as number;
    const predictedRaw = this.predict(firstT) - s.offset;
    const size = (settledV[0] as number) - predictedRaw;
    s.events.push({ t: s.pendingT[0] as number, size, from: predictedRaw });
    if (s.events.length > KEPT_EVENTS) s.events.shift();
    s.offset -= size;
    // The predictor continues from where it was; the settled samples now read as continuous.
    this.clearPending();
    return settledT.map((t, i) => this.accept(t, (settledV[i] as number) + s.offset));
  }

  private takeAsData(): Array<{ t: number; y: number }> {
    const s = this.s;
    const held = s.pendingT.map((t, i) => ({ t, y: (s.pendingV[i] as number) + s.offset }));
    this.clearPending();
    // A ramp rather than a jump: the data is kept and the predictor re-anchored on it, keeping
    // its slope and scale (a ramp says nothing about the noise).
    for (const sample of held) {
      s.level = sample.y;
      s.lastT = sample.t;
    }
    return held;
  }

  private clearPending(): void {
    this.s.pendingT = [];
    this.s.pendingV = [];
    this.s.settled = 0;
  }
}
