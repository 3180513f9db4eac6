import type { Clock, TimerHandle } from '../../src/core/clock';

/** A clock whose time moves only when the test says so; timers fire in due order. */
export class FakeClock implements Clock {
  private timers: { due: number; seq: number; callback: () => void; cancelled: boolean }[] = [];
  private seq = 0;

  constructor(private time: number = Date.UTC(2026, 10, 22, 12, 0, 0)) {}

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const timer = { due: this.time + Math.max(0, ms), seq: this.seq++, callback, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }

  /** Moves time forward, firing every timer that falls due on the way, in order. */
  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      const next = this.timers.filter((timer) => !timer.cancelled && timer.due <= target).sort((a, b) => a.due - b.due || a.seq - b.seq)[0];
      if (next === undefined) break;
      this.time = next.due;
      next.cancelled = true;
      next.callback();
    }
    this.timers = this.timers.filter((timer) => !timer.cancelled);
    this.time = target;
  }

  set(time: number): void {
    this.time = time;
  }

  get pendingTimers(): number {
    return this.timers.filter((timer) => !timer.cancelled).length;
  }
}
