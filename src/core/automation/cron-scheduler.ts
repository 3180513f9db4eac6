import { Cron } from 'croner';
import { Heap } from 'heap-js';
import type { Clock, TimerHandle } from '../clock';

export interface CronEntry {
  name: string;
  pattern: string;
  timezone: string | undefined;
}

interface Scheduled {
  entry: CronEntry;
  cron: Cron;
  due: number;
  generation: number;
}

interface HeapItem {
  due: number;
  name: string;
  generation: number;
}

/** setTimeout holds at most 2^31-1 ms (24.8 days); a longer wait is taken in steps. */
const LONGEST_TIMER_MS = 2_147_483_647;
/** Catch-up never counts more missed runs than this. */
export const MOST_MISSED = 100;

/** The next time after `after` (ms) that a cron pattern fires, or null when it never does again. */
export function nextFire(cron: Cron, after: number): number | null {
  return cron.nextRun(new Date(after))?.getTime() ?? null;
}

export function cronOf(entry: CronEntry): Cron {
  return new Cron(entry.pattern, { paused: true, timezone: entry.timezone });
}

/** Scheduled times after `from` and at or before `until`, at most `limit` of them. */
export function firesBetween(cron: Cron, from: number, until: number, limit = MOST_MISSED + 1): number[] {
  const times: number[] = [];
  let at = from;
  while (times.length < limit) {
    const next = nextFire(cron, at);
    if (next === null || next > until) break;
    times.push(next);
    at = next;
  }
  return times;
}

/**
 * Every job's schedule on one timer: a min-heap of next fire times (as the probe scheduler
 * keeps its due times), so a thousand jobs cost one pending timer, not a thousand. Runs on the
 * injected clock. Each fire is handed out with the time it was due and how late it came;
 * missed runs across downtime are catch-up's business (firesBetween), not the timer's.
 */
export class CronScheduler {
  private readonly entries = new Map<string, Scheduled>();
  private readonly heap = new Heap<HeapItem>((a, b) => a.due - b.due);
  private timer: TimerHandle | null = null;
  private timerDue = Number.POSITIVE_INFINITY;
  private generation = 0;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly onFire: (name: string, dueAt: number, lateMs: number) => void,
  ) {}

  /** Replaces the set of schedules; an unchanged one keeps its next time. */
  set(entries: readonly CronEntry[]): void {
    const now = this.clock.now();
    const wanted = new Set(entries.map((entry) => entry.name));
    for (const name of [...this.entries.keys()]) if (!wanted.has(name)) this.entries.delete(name);
    for (const entry of entries) {
      const existing = this.entries.get(entry.name);
      if (existing !== undefined && existing.entry.pattern === entry.pattern && existing.entry.timezone === entry.timezone) continue;
      const cron = cronOf(entry);
      this.place({ entry, cron, due: 0, generation: 0 }, nextFire(cron, now));
    }
    this.arm();
  }

  /** When a job fires next, or null. */
  nextOf(name: string): number | null {
    const scheduled = this.entries.get(name);
    return scheduled === undefined || !Number.isFinite(scheduled.due) ? null : scheduled.due;
  }

  /** The next `count` times a job fires. */
  upcoming(name: string, count: number): number[] {
    const scheduled = this.entries.get(name);
    if (scheduled === undefined || !Number.isFinite(scheduled.due)) return [];
    const times = [scheduled.due];
    while (times.length < count) {
      const next = nextFire(scheduled.cron, times.at(-1) as number);
      if (next === null) break;
      times.push(next);
    }
    return times;
  }

  size(): number {
    return this.entries.size;
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
  }

  private place(scheduled: Scheduled, due: number | null): void {
    scheduled.generation = ++this.generation;
    scheduled.due = due ?? Number.POSITIVE_INFINITY;
    this.entries.set(scheduled.entry.name, scheduled);
    if (due !== null) this.heap.push({ due, name: scheduled.entry.name, generation: scheduled.generation });
  }

  private arm(): void {
    if (this.stopped) return;
    // Entries replaced or removed leave stale items; they are dropped as they surface.
    for (let top = this.heap.peek(); top !== undefined && this.entries.get(top.name)?.generation !== top.generation; top = this.heap.peek()) this.heap.pop();
    const top = this.heap.peek();
    const due = top?.due ?? Number.POSITIVE_INFINITY;
    if (due === this.timerDue && this.timer !== null) return;
    this.timer?.cancel();
    this.timer = null;
    this.timerDue = due;
    if (!Number.isFinite(due)) return;
    this.timer = this.clock.setTimeout(() => this.fireDue(), Math.min(LONGEST_TIMER_MS, Math.max(0, due - this.clock.now())));
  }

  private fireDue(): void {
    this.timer = null;
    this.timerDue = Number.POSITIVE_INFINITY;
    const now = this.clock.now();
    const fired: [string, number][] = [];
    for (let top = this.heap.peek(); top !== undefined && top.due <= now; top = this.heap.peek()) {
      this.heap.pop();
      const scheduled = this.entries.get(top.name);
      if (scheduled === undefined || scheduled.generation !== top.generation) continue;
      fired.push([top.name, top.due]);
      // The next slot after now: a tick that came late (a busy loop, a suspended laptop) fires
      // once for the slot it was due for, never a burst for slots that passed meanwhile.
      this.place(scheduled, nextFire(scheduled.cron, Math.max(top.due, now)));
    }
    this.arm();
    for (const [name, due] of fired) this.onFire(name, due, now - due);
  }
}
