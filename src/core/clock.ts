/**
 * Time is injected so that logic with timers (scheduler, rollups, retention, alert `for`)
 * can be tested with fake time; integration tests and the app use the system clock.
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, ms) {
    const timer = setTimeout(callback, ms);
    timer.unref?.();
    return { cancel: () => clearTimeout(timer) };
  },
};

/** Runs `task` every `intervalMs` on the given clock, start-to-start, until cancelled. */
export function every(clock: Clock, intervalMs: number, task: () => void): TimerHandle {
  let handle: TimerHandle | null = null;
  let stopped = false;
  let next = clock.now() + intervalMs;
  const tick = (): void => {
    if (stopped) return;
    task();
    next += intervalMs;
    const now = clock.now();
    if (next <= now) next = now + intervalMs;
    handle = clock.setTimeout(tick, next - now);
  };
  handle = clock.setTimeout(tick, intervalMs);
  return {
    cancel() {
      stopped = true;
      handle?.cancel();
    },
  };
}
