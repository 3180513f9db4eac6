/**
 * Where a service's line came from: its captured output (stdout/stderr, its tmux pane), a log
 * file it writes (`logs:`), or elsewhere (the journal). A service that writes the same line to
 * its output and to a file (`| tee app.log`, a logger with two appenders) delivers it twice.
 */
export type LineOrigin = 'output' | 'file' | 'other';

export interface CopyFilterLimits {
  /** A line from one origin is a copy of the same line from the other within this long. */
  windowMs: number;
  /** Lines remembered at most (all services), and their characters: the oldest are forgotten first. */
  maxLines: number;
  maxChars: number;
}

export const COPY_WINDOW_MS = 10_000;

interface Seen {
  key: string;
  origin: 'output' | 'file';
  at: number;
}

/** Lines of one text from one origin within the window: `count` remembered, the oldest `consumed` of them matched by a copy. */
interface Tally {
  count: number;
  consumed: number;
}

/**
 * Stores a line once when it arrives both from a service's output and from its log file. Each
 * line seen from one origin waits `windowMs` for its copy from the other; the copy is dropped and
 * the wait ends, so a line written twice on purpose (twice to stdout, twice to the file) is kept
 * twice. Lines from two files, or from stdout and stderr, are never copies of each other: only
 * the output/file pair duplicates a service's lines. Copies match oldest first, so a tally per
 * text and origin is enough (O(1) a line); memory is bounded by maxLines and maxChars.
 */
export class CopyFilter {
  private readonly tallies = new Map<string, Record<'output' | 'file', Tally>>();
  /** Every remembered line in arrival order, for expiry by time and by the bounds. */
  private order: Seen[] = [];
  private head = 0;
  private chars = 0;

  constructor(private readonly limits: CopyFilterLimits = { windowMs: COPY_WINDOW_MS, maxLines: 50_000, maxChars: 16 * 1024 * 1024 }) {}

  /** True when this line is a copy of one the other origin delivered within the window (drop it); else it is remembered. */
  isCopy(service: string, origin: 'output' | 'file', text: string, now: number): boolean {
    this.expire(now);
    const key = `${service}\u0000${text}`;
    let tally = this.tallies.get(key);
    const other = tally?.[origin === 'output' ? 'file' : 'output'];
    if (other !== undefined && other.count > other.consumed) {
      other.consumed += 1;
      return true;
    }
    if (tally === undefined) {
      tally = { output: { count: 0, consumed: 0 }, file: { count: 0, consumed: 0 } };
      this.tallies.set(key, tally);
    }
    tally[origin].count += 1;
    this.order.push({ key, origin, at: now });
    this.chars += key.length;
    while (this.remembered > this.limits.maxLines || this.chars > this.limits.maxChars) this.forgetOldest();
    return false;
  }

  get remembered(): number {
    return this.order.length - this.head;
  }

  private expire(now: number): void {
    while (this.head < this.order.length && (this.order[this.head] as Seen).at < now - this.limits.windowMs) this.forgetOldest();
  }

  /** The oldest remembered line of all is also the oldest of its text and origin: consumed ones go first. */
  private forgetOldest(): void {
    const seen = this.order[this.head] as Seen;
    this.head += 1;
    this.chars -= seen.key.length;
    const tally = this.tallies.get(seen.key) as Record<'output' | 'file', Tally>;
    const mine = tally[seen.origin];
    mine.count -= 1;
    if (mine.consumed > 0) mine.consumed -= 1;
    if (tally.output.count === 0 && tally.file.count === 0) this.tallies.delete(seen.key);
    // The consumed front of `order` is cut off once it is half of it (amortised O(1) a line).
    if (this.head > 1_024 && this.head * 2 > this.order.length) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
  }
}
