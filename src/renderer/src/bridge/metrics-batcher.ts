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
 * Range and instant queries asked in the same moment (a dashboard's panels mounting together) go
 * to the engine as one metrics.queryBatch: one request instead of a dozen queued behind each
 * other. Each caller still gets its own answer, or its own error (a panel whose query fails says
 * why while the others draw).
 */
export class MetricsBatcher {
  private waiting: Waiting[] = [];

  constructor(private readonly bridge: Bridge) {}

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
    for (let first = 0; first < all.length; first += QUERY_BATCH_LIMIT) {
      const batch = all.slice(first, first + QUERY_BATCH_LIMIT);
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
