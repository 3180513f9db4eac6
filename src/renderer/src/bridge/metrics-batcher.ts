import type { Bridge } from '../../../shared/bridge';
import type { CommandInput } from '../../../shared/contract';
import { QUERY_BATCH_LIMIT } from '../../../shared/contract/monitoring';
import { ZervigoError } from '../../../shared/errors';
import type { InstantResult } from '../../../shared/types/explore';
import type { MatrixResult } from '../../../shared/types/monitoring';

type BatchQuery = CommandInput<'metrics.queryBatch'>['queries'][number];

interface Waiting {
  query: BatchQuery;
  resolve: (result: MatrixResult | InstantResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Queries in one request of a batcher. Small on purpose: the engine answers a batch whole, so one
 * batch of a dozen made every panel wait for the slowest query and then draw all at once. A few
 * small batches sent together keep the requests few while the first panels draw as the engine
 * computes the rest (measured with `npm run bench dashboards`, README).
 */
export const PANELS_PER_BATCH = 4;

/** `count` items in the fewest batches of at most `most`, as even as they go (11 by 4: 4, 4, 3). */
export function batchSizes(count: number, most: number): number[] {
  const batches = Math.ceil(count / most);
  return Array.from({ length: batches }, (_, index) => Math.floor(count / batches) + (index < count % batches ? 1 : 0));
}

/**
 * Range and instant queries asked in the same moment (a dashboard's panels mounting together) go
 * to the engine as a few metrics.queryBatch requests sent at once, in the panels' order, instead
 * of a dozen requests queued behind each other. Each caller still gets its own answer, or its own
 * error (a panel whose query fails says why while the others draw).
 */
export class MetricsBatcher {
  private waiting: Waiting[] = [];

  constructor(
    private readonly bridge: Bridge,
    private readonly perBatch = PANELS_PER_BATCH,
  ) {}

  range(query: Omit<Extract<BatchQuery, { kind: 'range' }>, 'kind'>): Promise<MatrixResult> {
    return this.ask({ kind: 'range', ...query }) as Promise<MatrixResult>;
  }

  instant(query: Omit<Extract<BatchQuery, { kind: 'instant' }>, 'kind'>): Promise<InstantResult> {
    return this.ask({ kind: 'instant', ...query });
  }

  private ask(query: BatchQuery): Promise<MatrixResult | InstantResult> {
    return new Promise((resolve, reject) => {
      // Sent once the current effects have run: the panels of one render ask in their effects, all in one go.
      if (this.waiting.length === 0) queueMicrotask(() => this.send());
      this.waiting.push({ query, resolve, reject });
    });
  }

  private send(): void {
    const all = this.waiting.splice(0);
    let first = 0;
    for (const size of batchSizes(all.length, Math.min(this.perBatch, QUERY_BATCH_LIMIT))) {
      const batch = all.slice(first, (first += size));
      this.bridge.invoke('metrics.queryBatch', { queries: batch.map((one) => one.query) }).then(
        (answers) =>
          batch.forEach((one, index) => {
            const answer = answers[index];
            if (answer === undefined) one.reject(new ZervigoError('internal', 'the engine answered fewer queries than were asked'));
            else if (answer.ok) one.resolve(answer.result);
            else one.reject(ZervigoError.fromBody(answer.error));
          }),
        (error: unknown) => batch.forEach((one) => one.reject(error)),
      );
    }
  }
}
