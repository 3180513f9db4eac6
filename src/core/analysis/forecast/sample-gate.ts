/**
 * The first stop of every sample a forecaster sees: values that are not finite numbers, repeated
 * timestamps and a clock that went back are turned away here with a counted reason, so that the
 * models behind it only ever see finite values at increasing times.
 *
 * A clock that jumps back (an NTP step, a restored VM snapshot) would otherwise stall a series
 * until wall time passed its last sample again. Instead the gate keeps an offset: the samples
 * after the jump are placed just after the last one, as if the clock had not moved, and the
 * offset is reported so a caller can tell. A jump forward is indistinguishable from a gap and is
 * treated as one.
 */
export type RejectReason = 'non-finite' | 'repeated-time' | 'clock-went-back';

export interface GateState {
  lastTime: number;
  offsetMs: number;
  intervalMs: number;
  rejected: Record<RejectReason, number>;
  /** Backward jumps absorbed into the offset. */
  clockJumps: number;
}

/** A backward step smaller than this many typical intervals is an out-of-order sample, not a jump. */
const JUMP_INTERVALS = 4;

export class SampleGate {
  private state: GateState;

  constructor(state?: GateState) {
    this.state = state ?? {
      lastTime: Number.NEGATIVE_INFINITY,
      offsetMs: 0,
      intervalMs: 0,
      rejected: { 'non-finite': 0, 'repeated-time': 0, 'clock-went-back': 0 },
      clockJumps: 0,
    };
  }

  /** The model time of an accepted sample (ms), or the reason it is turned away. */
  admit(timeMs: number, value: number): { time: number } | { rejected: RejectReason } {
    const s = this.state;
    if (!Number.isFinite(value) || !Number.isFinite(timeMs)) return this.reject('non-finite');
    let time = timeMs + s.offsetMs;
    if (time === s.lastTime) return this.reject('repeated-time');
    if (time < s.lastTime) {
      const back = s.lastTime - time;
      if (s.intervalMs <= 0 || back < JUMP_INTERVALS * s.intervalMs) return this.reject('clock-went-back');
      // A real jump: continue one typical interval after the last sample.
      s.offsetMs += back + s.intervalMs;
      time = s.lastTime + s.intervalMs;
      s.clockJumps += 1;
    }
    if (Number.isFinite(s.lastTime)) {
      const step = time - s.lastTime;
      // A slow running median-like estimate of the sampling interval: gaps barely move it.
      s.intervalMs = s.intervalMs <= 0 ? step : s.intervalMs + 0.05 * Math.sign(step - s.intervalMs) * Math.min(Math.abs(step - s.intervalMs), s.intervalMs);
    }
    s.lastTime = time;
    return { time };
  }

  /** The model time for a wall-clock time (forecasts are asked for in wall time). */
  toModelTime(wallMs: number): number {
    return wallMs + this.state.offsetMs;
  }

  get offsetMs(): number {
    return this.state.offsetMs;
  }

  get typicalIntervalMs(): number {
    return this.state.intervalMs;
  }

  get rejected(): Readonly<Record<RejectReason, number>> {
    return this.state.rejected;
  }

  get clockJumps(): number {
    return this.state.clockJumps;
  }

  snapshot(): GateState {
    return { ...this.state, rejected: { ...this.state.rejected } };
  }

  private reject(reason: RejectReason): { rejected: RejectReason } {
    this.state.rejected[reason] += 1;
    return { rejected: reason };
  }
}
