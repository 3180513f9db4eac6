import snappy from 'snappy';
import type { RemoteWriteStatus } from '../../../shared/types/fleet';
import type { Clock, TimerHandle } from '../../clock';
import type { RemoteWriteConfig } from '../../config/schema/fleet';
import { ZERVIGO_VERSION } from '../../version';
import { RemoteWriteCounters, type DropReason } from './remote-write-counters';

export type { RemoteWriteStatus };
import type { QueuedBatch, RemoteWriteQueue } from './remote-write-queue';
import { encodeWriteRequestScratch, type SeriesSamples } from './write-request';
import { postWriteRequest, type WriteAnswer } from './write-request-post';

/**
 * One remote_write receiver: this tick's samples are encoded into a WriteRequest fragment and
 * queued on disk; one request at a time goes out, oldest first (so each series stays in time
 * order), joining fragments up to max_samples_per_send. 5xx, network failures and (if asked)
 * 429 are retried with exponential back-off; other 4xx answers are final: the batch is dropped
 * and counted, as Prometheus does.
 */
/**
 * What the endpoint keeps per series, made once: its encoded labels (null: `match` leaves it
 * out), the newest timestamp queued (an older or equal one would be refused as out of order) and
 * this tick's points, in an array reused tick after tick. It is also the `SeriesSamples` the
 * encoder reads, so a tick allocates nothing per series.
 */
interface SeriesState {
  labels: Buffer;
  lastTs: number;
  /** [ts0, v0, ts1, v1, …] staged this tick. */
  points: number[];
}

export class RemoteWriteEndpoint {
  readonly counters = new RemoteWriteCounters();
  private readonly states = new Map<number, SeriesState | null>();
  /** The series with points staged since the last commit, in the order they came. */
  private staged: SeriesState[] = [];
  private stagedCount = 0;
  /** Newest timestamps taken over from the endpoint this one replaced, for series it has not seen yet. */
  private readonly carriedLastTs = new Map<number, number>();
  private timer: TimerHandle | null = null;
  private inFlight: Promise<void> | null = null;
  /** The last back-off (0 after a success) and when the next attempt may start. */
  private backoffMs = 0;
  private retryNotBefore = 0;
  private stopped = false;
  /** Until the endpoint it replaces has finished its request, this one queues but does not send. */
  private held = false;
  private state: RemoteWriteStatus['state'] = 'idle';
  private lastError: string | null = null;
  private lastErrorAt: number | null = null;
  private lastSentAt: number | null = null;

  constructor(
    readonly name: string,
    readonly config: RemoteWriteConfig,
    private readonly queue: RemoteWriteQueue,
    private readonly clock: Clock,
    private readonly labelsOf: (seriesId: number) => Buffer | null,
  ) {}

  /** A sample the store committed; kept until `commit`. */
  stage(seriesId: number, ts: number, value: number): void {
    const state = this.stateOf(seriesId);
    if (state === null) return;
    if (state.points.length === 0) this.staged.push(state);
    state.points.push(ts, value);
    this.stagedCount++;
  }

  /** The store's committed rows, flat (seriesId, ts, value) triples: `stage` for each. */
  stageRows(rows: readonly number[]): void {
    for (let i = 0; i < rows.length; i += 3) this.stage(rows[i] as number, rows[i + 1] as number, rows[i + 2] as number);
  }

  /** Encodes what was staged this tick into the queue, then sends if due. */
  commit(): void {
    if (this.stagedCount > 0) {
      const staged = this.staged;
      this.staged = [];
      this.stagedCount = 0;
      try {
        this.enqueue(staged);
      } finally {
        for (const state of staged) state.points.length = 0;
      }
    }
    this.schedule();
  }

  /** Replaces an endpoint of the same queue (its config changed): counters and order carry over, sending waits for its last request. */
  takeOver(previous: RemoteWriteEndpoint): void {
    this.counters.sent = previous.counters.sent;
    this.counters.retried = previous.counters.retried;
    Object.assign(this.counters.dropped, previous.counters.dropped);
    for (const [seriesId, ts] of previous.carriedLastTs) this.carriedLastTs.set(seriesId, ts);
    for (const [seriesId, state] of previous.states)
      if (state !== null && state.lastTs > Number.NEGATIVE_INFINITY) this.carriedLastTs.set(seriesId, state.lastTs);
    this.held = true;
    void previous.stop().then(() => {
      this.held = false;
      this.schedule();
    });
  }

  status(): RemoteWriteStatus {
    return {
      name: this.name,
      url: this.config.url,
      state: this.state,
      lastError: this.lastError,
      lastErrorAt: this.lastErrorAt,
      lastSentAt: this.lastSentAt,
      backlogSamples: this.queue.samples,
      backlogBytes: this.queue.bytes,
      sent: this.counters.sent,
      retried: this.counters.retried,
      dropped: { ...this.counters.dropped },
    };
  }

  /** Stops sending; what is queued stays on disk for the next start. Waits for a request under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
    if (this.inFlight !== null) await this.inFlight;
  }

  /** Resolves once nothing is being sent (tests and the bench wait on it). */
  async idle(): Promise<void> {
    while (this.inFlight !== null) await this.inFlight;
  }

  private stateOf(seriesId: number): SeriesState | null {
    let state = this.states.get(seriesId);
    if (state === undefined) {
      const labels = this.labelsOf(seriesId);
      state = labels === null ? null : { labels, lastTs: this.carriedLastTs.get(seriesId) ?? Number.NEGATIVE_INFINITY, points: [] };
      this.carriedLastTs.delete(seriesId);
      this.states.set(seriesId, state);
    }
    return state;
  }

  private enqueue(staged: readonly SeriesState[]): void {
    const max = this.config.queue.max_samples_per_send;
    let fragment: SeriesSamples[] = [];
    let count = 0;
    let oldest = Infinity;
    let newest = -Infinity;
    const flushFragment = (): void => {
      if (count === 0) return;
      // Stored compressed: a fifth of the bytes to write now and to hold while the receiver is down.
      const dropped = this.queue.append(snappy.compressSync(encodeWriteRequestScratch(fragment)), count, oldest, newest, this.config.queue.max_backlog_bytes);
      if (dropped > 0)
        this.drop(
          'backlog_full',
          dropped,
          `the queue is over max_backlog_bytes (${this.config.queue.max_backlog_bytes} bytes): the oldest samples were dropped`,
        );
      fragment = [];
      count = 0;
      oldest = Infinity;
      newest = -Infinity;
    };
    for (const state of staged) {
      const labels = state.labels;
      // The usual tick: one sample per series, newer than the last: the state itself is the entry (no copy).
      if (state.points.length === 2 && (state.points[0] as number) > state.lastTs && (state.points[0] as number) >= 0 && count + 1 < max) {
        const ts = state.points[0] as number;
        state.lastTs = ts;
        if (ts < oldest) oldest = ts;
        if (ts > newest) newest = ts;
        fragment.push(state);
        count += 1;
        continue;
      }
      const points = inTimeOrder(state.points);
      let last = state.lastTs;
      let kept: number[] = [];
      let outOfOrder = 0;
      for (let i = 0; i < points.length; i += 2) {
        const ts = points[i] as number;
        if (ts <= last || ts < 0) {
          outOfOrder++;
          continue;
        }
        last = ts;
        kept.push(ts, points[i + 1] as number);
        if (ts < oldest) oldest = ts;
        if (ts > newest) newest = ts;
        if (count + kept.length / 2 >= max) {
          fragment.push({ labels, points: kept });
          count += kept.length / 2;
          kept = [];
          flushFragment();
        }
      }
      state.lastTs = last;
      if (outOfOrder > 0) this.drop('out_of_order', outOfOrder, 'samples older than one already queued for their series');
      if (kept.length > 0) {
        fragment.push({ labels, points: kept });
        count += kept.length / 2;
      }
    }
    flushFragment();
  }

  /** Sends now, after the back-off, or when the oldest waiting sample reaches batch_send_deadline. */
  private schedule(): void {
    if (this.stopped || this.held || this.inFlight !== null || this.timer !== null) return;
    const oldest = this.queue.oldestTs();
    if (oldest === null) {
      if (this.state === 'sending') this.state = 'idle';
      return;
    }
    const now = this.clock.now();
    const dueByAge = oldest + this.config.queue.batch_send_deadline;
    const due = this.queue.samples >= this.config.queue.max_samples_per_send || dueByAge <= now ? now : dueByAge;
    const wait = Math.max(due, this.retryNotBefore) - now;
    if (wait <= 0) {
      this.sendNext();
      return;
    }
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.schedule();
    }, wait);
  }

  private sendNext(): void {
    const dropped = this.queue.dropOlderThan(this.clock.now() - this.config.queue.max_age);
    if (dropped > 0) this.drop('too_old', dropped, `samples older than max_age (${Math.round(this.config.queue.max_age / 1000)} s) were dropped, not sent`);
    const batch = this.queue.next(this.config.queue.max_samples_per_send);
    if (batch === null) {
      this.schedule();
      return;
    }
    this.state = this.state === 'idle' ? 'sending' : this.state;
    this.inFlight = this.send(batch).finally(() => {
      this.inFlight = null;
      this.schedule();
    });
  }

  private async send(batch: QueuedBatch): Promise<void> {
    let answer: WriteAnswer;
    try {
      answer = await postWriteRequest(this.config, requestBody(batch.parts), ZERVIGO_VERSION);
    } catch (error) {
      answer = { kind: 'retry', message: (error as Error).message, retryAfterMs: null };
    }
    if (this.stopped && answer.kind === 'retry') {
      this.queue.release(Infinity);
      return;
    }
    const now = this.clock.now();
    if (answer.kind === 'ok') {
      this.queue.remove(batch);
      this.counters.sent += batch.samples;
      this.lastSentAt = now;
      this.backoffMs = 0;
      this.retryNotBefore = 0;
      this.state = 'sending';
      return;
    }
    this.lastError = answer.message;
    this.lastErrorAt = now;
    if (answer.kind === 'drop') {
      this.queue.remove(batch);
      this.drop(answer.reason, batch.samples, answer.message);
      return;
    }
    this.counters.retried += batch.samples;
    const trimmed = this.queue.release(this.config.queue.max_backlog_bytes);
    if (trimmed > 0)
      this.drop('backlog_full', trimmed, `the queue is over max_backlog_bytes (${this.config.queue.max_backlog_bytes} bytes): the oldest samples were dropped`);
    this.state = this.backoffMs >= this.config.queue.max_backoff ? 'failing' : 'retrying';
    const doubled = this.backoffMs === 0 ? this.config.queue.min_backoff : this.backoffMs * 2;
    this.backoffMs = Math.min(doubled, this.config.queue.max_backoff);
    this.retryNotBefore = now + Math.max(this.backoffMs, answer.retryAfterMs ?? 0);
  }

  private drop(reason: DropReason, samples: number, message: string): void {
    this.counters.dropped[reason] += samples;
    this.lastError = message;
    this.lastErrorAt = this.clock.now();
  }
}

/**
 * One snappy block holding the fragments' WriteRequests joined (concatenated WriteRequests are one
 * WriteRequest; concatenated snappy blocks are not one block, so several are re-compressed).
 */
function requestBody(parts: readonly Buffer[]): Buffer {
  if (parts.length === 1) return parts[0] as Buffer;
  return snappy.compressSync(Buffer.concat(parts.map((part) => snappy.uncompressSync(part) as Buffer)));
}

/** Points of one series sorted by time (they almost always arrive sorted: checked first). */
function inTimeOrder(points: number[]): number[] {
  let sorted = true;
  for (let i = 2; i < points.length; i += 2) {
    if ((points[i] as number) < (points[i - 2] as number)) {
      sorted = false;
      break;
    }
  }
  if (sorted) return points;
  const pairs: [number, number][] = [];
  for (let i = 0; i < points.length; i += 2) pairs.push([points[i] as number, points[i + 1] as number]);
  pairs.sort((a, b) => a[0] - b[0]);
  return pairs.flat();
}
