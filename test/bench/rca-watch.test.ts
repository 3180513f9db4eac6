import { describe, expect, it } from 'vitest';
import { RankingWatch } from '../../bench/rca/ranking-watch';

/** The root-cause bench's watch: "a stable ranking within 30 s of the first alert", seen to hold. */
const settings = { settleMs: 30_000, stablePolls: 5, timeoutMs: 40_000, pollMs: 1_000 };
const onsetMs = 1_000_000;
const firstAlertMs = onsetMs + 6_000;

/** Polls every second from the onset, with the top three `keyAt(seconds after the first alert)`, until the watch ends. */
function watchUntilDone(
  keyAt: (secondsAfterAlert: number) => string,
  clockFrom: (nowMs: number) => number | null = () => firstAlertMs,
): RankingWatch & { endMs: number } {
  const watch = new RankingWatch(onsetMs, settings);
  for (let nowMs = onsetMs + 1_000; ; nowMs += 1_000) {
    watch.observe(nowMs, keyAt((nowMs - firstAlertMs) / 1000), clockFrom(nowMs));
    if (watch.done(nowMs)) return Object.assign(watch, { endMs: nowMs });
  }
}

describe('the ranking watch', () => {
  it('sees a top three that settles 22 s after the first alert hold, and counts it stable from then', () => {
    const watch = watchUntilDone((seconds) => (seconds < 22 ? 'db | api | web' : 'db | api | store'));
    expect(watch.stableAfterMs()).toBe(22_000);
    // Watched to 30 s after the first alert and 4 polls more (a top three that began at 30 s holds 5).
    expect(watch.endMs).toBe(firstAlertMs + 34_000);
  });

  it('a top three that settles at 30 s is stable; one that changes after 30 s is not', () => {
    expect(watchUntilDone((seconds) => (seconds < 30 ? 'a | b | c' : 'a | b | d')).stableAfterMs()).toBe(30_000);
    expect(watchUntilDone((seconds) => (seconds < 31 ? 'a | b | c' : 'a | b | d')).stableAfterMs()).toBeNull();
  });

  it('a top three that never held still is not stable; an empty ranking never is', () => {
    expect(watchUntilDone((seconds) => (Math.floor(seconds) % 2 === 0 ? 'a | b | c' : 'a | c | b')).stableAfterMs()).toBeNull();
    expect(watchUntilDone(() => '').stableAfterMs()).toBeNull();
  });

  it('without an alert or an incident it ends at the timeout, unstable', () => {
    const watch = watchUntilDone(
      () => '',
      () => null,
    );
    expect(watch.endMs).toBe(onsetMs + settings.timeoutMs);
    expect(watch.stableAfterMs()).toBeNull();
  });

  it('records every change of the top three, from the onset', () => {
    const watch = watchUntilDone((seconds) => (seconds < 3 ? 'a | b' : 'a | b | c'));
    expect(watch.orders).toEqual(['1.0 s: a | b', '9.0 s: a | b | c']);
  });
});
