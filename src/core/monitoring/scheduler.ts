import { Heap } from 'heap-js';
import type { ProbeStatus } from '../../shared/types/monitoring';
import type { Clock, TimerHandle } from '../clock';

/** What every check reports, whatever its kind. */
export interface CheckOutcome {
  ok: boolean;
  reason: string | null;
}

export interface ScheduledProbe<R extends CheckOutcome> {
  id: string;
  /** Probes of one group (a service) share one turn in the queue, so none starves the others. */
  group: string;
  /** The definition: on reload, a probe whose key is unchanged keeps its state and schedule. */
  key: string;
  everyMs: number;
  /** The interval while failing (pending or down): a faster re-check than `everyMs`. */
  retryEveryMs: number;
  timeoutMs: number;
  /** Failed checks retried before the probe is down. */
  retries: number;
  paused: boolean;
  /** One check. It must settle soon after `signal` aborts (at the timeout). */
  run: (signal: AbortSignal) => Promise<R>;
}

export interface ProbeRunState {
  status: ProbeStatus;
  reason: string | null;
  failures: number;
  lastCheckAt: number | null;
  lastDurationMs: number | null;
  /** When the status last changed. */
  since: number | null;
  nextCheckAt: number | null;
  running: boolean;
}

export interface SchedulerOptions<R extends CheckOutcome> {
  clock: Clock;
  /** Checks running at once. */
  concurrency: number;
  /** New probes start at a random point within min(every, spreadMs), so they do not all fire together. */
  spreadMs?: number;
  /** After the timeout aborts a check, how long it may take to settle with its own reason. */
  timeoutGraceMs?: number;
  random?: () => number;
  /** The result reported for a check that did not settle within timeout + grace. */
  timedOut: (probe: ScheduledProbe<R>, timeoutMs: number) => R;
  /** The result reported for a check that threw instead of reporting. */
  crashed: (probe: ScheduledProbe<R>, error: unknown) => R;
}

export type ResultListener<R extends CheckOutcome> = (probe: ScheduledProbe<R>, result: R, state: Readonly<ProbeRunState>, previous: ProbeStatus) => void;

/** The first quick re-check of a just-(re)started probe that fails; doubled each time up to retry_every. */
export const STARTUP_RECHECK_MS = 50;

interface Entry<R extends CheckOutcome> {
  probe: ScheduledProbe<R>;
  state: ProbeRunState;
  /** Since restart(): the quick re-checks made, and until when failures cannot make it down; null outside that window. */
  startup: { checks: number; graceUntil: number } | null;
  /** When the next check is due (start-to-start: the previous due time plus the interval). */
  due: number;
  /** Bumped whenever the entry leaves the heap, so older heap items are recognised as stale. */
  generation: number;
  inHeap: boolean;
  queued: boolean;
  removed: boolean;
  attempt: Attempt | null;
}

interface Attempt {
  due: number;
  startedAt: number;
  controller: AbortController;
  timer: TimerHandle | null;
  settled: boolean;
  timedOut: boolean;
}

interface HeapItem<R extends CheckOutcome> {
  due: number;
  seq: number;
  generation: number;
  entry: Entry<R>;
}

/**
 * One scheduler for every probe: a min-heap of due times and a single timer for the earliest
 * (not a timer per probe); start-to-start intervals from the due time, so checks never drift;
 * a global cap on running checks with round-robin queues per service; a timeout per check;
 * retries at their own interval (pending until spent, then down); pause and resume.
 */
export class ProbeScheduler<R extends CheckOutcome> {
  private readonly entries = new Map<string, Entry<R>>();
  private readonly heap = new Heap<HeapItem<R>>((a, b) => a.due - b.due || a.seq - b.seq);
  private readonly queues = new Map<string, Entry<R>[]>();
  /** Groups with queued checks, in turn order. */
  private readonly turns: string[] = [];
  private readonly resultListeners = new Set<ResultListener<R>>();
  private readonly latenessListeners = new Set<(lateMs: number, probe: ScheduledProbe<R>) => void>();
  private timer: TimerHandle | null = null;
  private timerDue = Number.POSITIVE_INFINITY;
  private seq = 0;
  private running = 0;
  private stopped = false;
  private concurrency: number;
  private readonly spreadMs: number;
  private readonly graceMs: number;
  private readonly random: () => number;

  constructor(private readonly options: SchedulerOptions<R>) {
    this.concurrency = Math.max(1, options.concurrency);
    this.spreadMs = options.spreadMs ?? 10_000;
    this.graceMs = options.timeoutGraceMs ?? 250;
    this.random = options.random ?? Math.random;
  }

  onResult(listener: ResultListener<R>): () => void {
    this.resultListeners.add(listener);
    return () => this.resultListeners.delete(listener);
  }

  /** Called with how late each check started against its due time (ms), and which probe's it was. */
  onLateness(listener: (lateMs: number, probe: ScheduledProbe<R>) => void): () => void {
    this.latenessListeners.add(listener);
    return () => this.latenessListeners.delete(listener);
  }

  setConcurrency(concurrency: number): void {
    this.concurrency = Math.max(1, concurrency);
    this.dispatch();
  }

  /**
   * Replaces the set of probes. Unchanged ones (same id and key) keep their state and their
   * place in time; changed and new ones start within the spread; removed ones are dropped
   * (a running check of theirs is aborted and its result ignored).
   */
  set(probes: readonly ScheduledProbe<R>[]): void {
    const now = this.options.clock.now();
    const wanted = new Set<string>();
    for (const probe of probes) {
      wanted.add(probe.id);
      const existing = this.entries.get(probe.id);
      if (existing !== undefined && existing.probe.key === probe.key) {
        existing.probe = probe;
        continue;
      }
      if (existing !== undefined) this.remove(existing);
      const entry: Entry<R> = {
        probe,
        state: {
          status: probe.paused ? 'paused' : 'unknown',
          reason: null,
          failures: 0,
          lastCheckAt: null,
          lastDurationMs: null,
          since: null,
          nextCheckAt: null,
          running: false,
        },
        startup: null,
        due: now,
        generation: 0,
        inHeap: false,
        queued: false,
        removed: false,
        attempt: null,
      };
      this.entries.set(probe.id, entry);
      if (!probe.paused) this.schedule(entry, now + Math.floor(this.random() * Math.min(probe.everyMs, this.spreadMs)));
    }
    for (const entry of [...this.entries.values()]) if (!wanted.has(entry.probe.id)) this.remove(entry);
    this.arm();
  }

  /** Stops checking a probe until resumed; `reason` says why when it is not the operator's doing. */
  pause(id: string, reason: string | null = null): boolean {
    const entry = this.entries.get(id);
    if (entry === undefined) return false;
    if (entry.state.status === 'paused') {
      // Paused already: a new reason (the lifecycle's words change) replaces the old one.
      if (reason !== null) entry.state = { ...entry.state, reason };
      return true;
    }
    this.unschedule(entry);
    entry.attempt?.controller.abort();
    entry.startup = null;
    entry.state = { ...entry.state, status: 'paused', reason, failures: 0, since: this.options.clock.now(), nextCheckAt: null };
    this.arm();
    return true;
  }

  /** Resumes a paused probe with a check now; its status is unknown until that check ends. */
  resume(id: string): boolean {
    const entry = this.entries.get(id);
    if (entry === undefined) return false;
    if (entry.state.status !== 'paused') return true;
    const now = this.options.clock.now();
    entry.state = { ...entry.state, status: 'unknown', reason: null, since: now };
    this.schedule(entry, now);
    this.arm();
    return true;
  }

  /**
   * What the probe looks at has just (re)started: its failures are forgotten (no verdict until
   * it is checked again), it is checked now, and while it fails it is re-checked soon — 50 ms,
   * doubling up to retry_every — without being called down for `graceMs` at least, as a
   * Kubernetes startup probe. A fresh process listens within moments; a whole retry_every before
   * the second look would hold its readiness back. Also resumes a probe paused with a reason
   * (never the operator's pause: the caller leaves those alone).
   */
  restart(id: string, graceMs = 0): boolean {
    const entry = this.entries.get(id);
    if (entry === undefined) return false;
    const now = this.options.clock.now();
    this.unschedule(entry);
    entry.startup = { checks: 0, graceUntil: now + graceMs };
    entry.state = { ...entry.state, status: 'unknown', reason: null, failures: 0, since: now };
    // A check already running reports into the fresh state; the next one follows from it.
    if (entry.attempt === null) this.schedule(entry, now);
    this.arm();
    return true;
  }

  /** Runs a check as soon as a slot is free (unless one is running or the probe is paused). */
  checkNow(id: string): boolean {
    const entry = this.entries.get(id);
    if (entry === undefined) return false;
    if (entry.state.status === 'paused' || entry.attempt !== null || entry.queued) return true;
    this.schedule(entry, this.options.clock.now());
    this.arm();
    return true;
  }

  state(id: string): Readonly<ProbeRunState> | undefined {
    return this.entries.get(id)?.state;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  get runningCount(): number {
    return this.running;
  }

  get queuedCount(): number {
    let count = 0;
    for (const queue of this.queues.values()) count += queue.length;
    return count;
  }

  /** Aborts running checks and forgets every probe. */
  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
    for (const entry of this.entries.values()) this.remove(entry);
    this.entries.clear();
    this.heap.clear();
  }

  private schedule(entry: Entry<R>, due: number): void {
    entry.generation++;
    entry.due = due;
    entry.inHeap = true;
    entry.state.nextCheckAt = due;
    this.heap.push({ due, seq: this.seq++, generation: entry.generation, entry });
  }

  private unschedule(entry: Entry<R>): void {
    entry.generation++;
    entry.inHeap = false;
    if (entry.queued) {
      entry.queued = false;
      const queue = this.queues.get(entry.probe.group);
      const index = queue?.indexOf(entry) ?? -1;
      if (queue !== undefined && index >= 0) queue.splice(index, 1);
    }
  }

  private remove(entry: Entry<R>): void {
    this.unschedule(entry);
    entry.removed = true;
    entry.attempt?.controller.abort();
    if (this.entries.get(entry.probe.id) === entry) this.entries.delete(entry.probe.id);
  }

  /** One timer, for the earliest due time in the heap. */
  private arm(): void {
    if (this.stopped) return;
    let top = this.heap.peek();
    while (top !== undefined && top.generation !== top.entry.generation) {
      this.heap.pop();
      top = this.heap.peek();
    }
    if (top === undefined) {
      this.timer?.cancel();
      this.timer = null;
      this.timerDue = Number.POSITIVE_INFINITY;
      return;
    }
    if (this.timer !== null && this.timerDue <= top.due) return;
    this.timer?.cancel();
    this.timerDue = top.due;
    this.timer = this.options.clock.setTimeout(() => this.wake(), Math.max(0, top.due - this.options.clock.now()));
  }

  private wake(): void {
    this.timer = null;
    this.timerDue = Number.POSITIVE_INFINITY;
    const now = this.options.clock.now();
    for (let top = this.heap.peek(); top !== undefined && top.due <= now; top = this.heap.peek()) {
      this.heap.pop();
      const entry = top.entry;
      if (top.generation !== entry.generation) continue;
      entry.inHeap = false;
      this.enqueue(entry);
    }
    this.dispatch();
    this.arm();
  }

  private enqueue(entry: Entry<R>): void {
    entry.queued = true;
    const group = entry.probe.group;
    let queue = this.queues.get(group);
    if (queue === undefined) {
      queue = [];
      this.queues.set(group, queue);
    }
    if (queue.length === 0) this.turns.push(group);
    queue.push(entry);
  }

  /** Starts queued checks while slots are free, one group's turn at a time. */
  private dispatch(): void {
    while (this.running < this.concurrency && this.turns.length > 0) {
      const group = this.turns.shift() as string;
      const queue = this.queues.get(group);
      const entry = queue?.shift();
      if (queue !== undefined && queue.length > 0) this.turns.push(group);
      else this.queues.delete(group);
      if (entry === undefined || !entry.queued) continue;
      entry.queued = false;
      this.start(entry);
    }
  }

  private start(entry: Entry<R>): void {
    const clock = this.options.clock;
    const startedAt = clock.now();
    for (const listener of this.latenessListeners) listener(startedAt - entry.due, entry.probe);
    const attempt: Attempt = { due: entry.due, startedAt, controller: new AbortController(), timer: null, settled: false, timedOut: false };
    entry.attempt = attempt;
    entry.state.running = true;
    entry.state.nextCheckAt = null;
    this.running++;
    const probe = entry.probe;
    attempt.timer = clock.setTimeout(() => {
      attempt.timedOut = true;
      attempt.controller.abort();
      // The check gets a moment to settle with its own reason ("no response headers within 5 s").
      attempt.timer = clock.setTimeout(() => this.finish(entry, attempt, this.options.timedOut(probe, probe.timeoutMs)), this.graceMs);
    }, probe.timeoutMs);
    let promise: Promise<R>;
    try {
      promise = probe.run(attempt.controller.signal);
    } catch (error) {
      promise = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    promise.then(
      (result) => this.finish(entry, attempt, result),
      (error: unknown) => this.finish(entry, attempt, this.options.crashed(probe, error)),
    );
  }

  private finish(entry: Entry<R>, attempt: Attempt, result: R): void {
    if (attempt.settled) return;
    attempt.settled = true;
    attempt.timer?.cancel();
    this.running--;
    if (entry.attempt === attempt) entry.attempt = null;
    entry.state.running = false;
    const ignored = entry.removed || this.stopped || entry.state.status === 'paused';
    // A check that ignored its timeout and passed late still failed: it took too long.
    if (!ignored) this.record(entry, attempt, attempt.timedOut && result.ok ? this.options.timedOut(entry.probe, entry.probe.timeoutMs) : result);
    this.dispatch();
    this.arm();
  }

  private record(entry: Entry<R>, attempt: Attempt, result: R): void {
    const now = this.options.clock.now();
    const probe = entry.probe;
    const previous = entry.state.status;
    let failures = result.ok ? 0 : entry.state.failures + 1;
    // In the start-up window a failure is re-checked soon and never spends the retries.
    let quickRecheck: number | null = null;
    if (entry.startup !== null) {
      const delay = Math.min(probe.retryEveryMs, STARTUP_RECHECK_MS * 2 ** entry.startup.checks);
      if (result.ok || (delay >= probe.retryEveryMs && now >= entry.startup.graceUntil)) entry.startup = null;
      else {
        entry.startup.checks += 1;
        quickRecheck = delay;
        failures = Math.min(failures, probe.retries);
      }
    }
    const status: ProbeStatus = result.ok ? 'up' : failures > probe.retries ? 'down' : 'pending';
    entry.state = {
      status,
      reason: result.ok ? null : result.reason,
      failures,
      lastCheckAt: attempt.startedAt,
      lastDurationMs: now - attempt.startedAt,
      since: status === previous ? entry.state.since : now,
      nextCheckAt: null,
      running: false,
    };
    if (!entry.inHeap && !entry.queued)
      this.schedule(entry, quickRecheck !== null ? now + quickRecheck : nextDue(attempt.due, status === 'up' ? probe.everyMs : probe.retryEveryMs, now));
    for (const listener of this.resultListeners) listener(probe, result, entry.state, previous);
  }
}

/** Start-to-start: the due time plus the interval; slots already missed are skipped, not run in a burst. */
export function nextDue(due: number, intervalMs: number, now: number): number {
  const next = due + intervalMs;
  if (next >= now) return next;
  return due + intervalMs * Math.ceil((now - due) / intervalMs);
}
