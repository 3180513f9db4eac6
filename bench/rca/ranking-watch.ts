/**
 * How long a case's ranking is watched, and when it counts as stable. The issue asks for "a stable
 * ranking within 30 s of the first alert": the watch runs until `settleMs` after the clock start
 * (the first alert; when none fired, the incident's opening) and then `stablePolls` polls more, so
 * a top three that settles at up to `settleMs` can be seen to hold. Stable means the final
 * unchanged top three began no later than `settleMs` after the clock start and held for at least
 * `stablePolls` polls to the end of the watch.
 */
export interface WatchSettings {
  /** The longest a ranking may take, from the clock start, to reach its final top three. */
  settleMs: number;
  /** Polls with the same top three, at the end, for a ranking to count as stable. */
  stablePolls: number;
  /** How long after the onset to wait for a clock start (an alert, or an incident) before giving up. */
  timeoutMs: number;
  /** Time between polls: bounds the watch when a clock start comes late. */
  pollMs: number;
}

export class RankingWatch {
  private previous = '';
  private runStartMs = 0;
  private runLength = 0;
  private clockFromMs: number | null = null;
  private readonly pollTimes: number[] = [];
  /** Every change of the top three, as "seconds from the onset: top three", for --verbose. */
  readonly orders: string[] = [];

  constructor(
    private readonly onsetMs: number,
    private readonly settings: WatchSettings,
  ) {}

  /** One poll's top three (`key`, '' for none) at `nowMs`, with the clock start as known now. */
  observe(nowMs: number, key: string, clockFromMs: number | null): void {
    this.pollTimes.push(nowMs);
    this.clockFromMs = clockFromMs;
    if (key !== '' && key === this.previous) this.runLength += 1;
    else {
      this.runLength = key === '' ? 0 : 1;
      this.runStartMs = nowMs;
      this.orders.push(`${((nowMs - this.onsetMs) / 1000).toFixed(1)} s: ${key || '(none)'}`);
    }
    this.previous = key;
  }

  /** From the clock start to the start of the final top three, when that top three is stable; null otherwise. */
  stableAfterMs(): number | null {
    if (this.clockFromMs === null || this.runLength < this.settings.stablePolls) return null;
    const after = this.runStartMs - this.clockFromMs;
    return after <= this.settings.settleMs ? Math.max(0, after) : null;
  }

  /**
   * Whether the watch is over at `nowMs`: once `stablePolls - 1` polls have followed the settle mark
   * (a top three that began at the mark has then held `stablePolls` polls; one that began after it
   * cannot have); without a clock start, at the timeout; and at a hang guard past both.
   */
  done(nowMs: number): boolean {
    const { settleMs, stablePolls, timeoutMs, pollMs } = this.settings;
    if (nowMs >= this.onsetMs + timeoutMs + settleMs + 2 * stablePolls * pollMs) return true;
    if (this.clockFromMs === null) return nowMs >= this.onsetMs + timeoutMs;
    const markMs = this.clockFromMs + settleMs;
    return nowMs >= markMs && this.pollTimes.filter((time) => time > markMs).length >= stablePolls - 1;
  }
}
