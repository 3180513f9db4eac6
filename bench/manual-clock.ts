import type { Clock, TimerHandle } from '../src/core/clock';

/** A clock the benchmark moves by hand, so time-driven parts run exactly when it says. */
export class ManualClock implements Clock {
  private timers: { due: number; callback: () => void; cancelled: boolean }[] = [];

  constructor(private time: number) {}

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const timer = { due: this.time + Math.max(0, ms), callback, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }

  /** Sets the time; timers falling due are dropped (the benchmark drives the work itself). */
  set(time: number): void {
    this.time = time;
    this.timers = this.timers.filter((timer) => !timer.cancelled && timer.due > time);
  }
}
