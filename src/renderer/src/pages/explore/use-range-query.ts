import { useEffect, useState } from 'react';
import { ZervigoError } from '../../../../shared/errors';
import type { InstantResult } from '../../../../shared/types/explore';
import type { MatrixResult } from '../../../../shared/types/monitoring';
import { useMetricQueries } from '../../bridge/metric-queries';
import { messageOf } from '../../format/error-message';
import type { PromqlError } from './PromqlEditor';
import { stepSecondsFor } from './query-chart-data';

export type QueryState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'error'; error: PromqlError }
  | { status: 'done'; matrix: MatrixResult; instant: InstantResult | null; stepMs: number; start: number; end: number };

/** The place of a parse error, as the engine gives it in the error's details. */
export function promqlErrorOf(error: unknown): PromqlError {
  const details = error instanceof ZervigoError ? (error.details as { from?: unknown; to?: unknown } | undefined) : undefined;
  const from = typeof details?.from === 'number' ? details.from : null;
  const to = typeof details?.to === 'number' ? details.to : null;
  return { message: messageOf(error), from, to };
}

/**
 * A query over a range, run when the query, the range or `run` changes: the series for a chart
 * (metrics.query) and, with `instant`, their values at the end of the range (metrics.instant).
 */
export function useRangeQuery(
  query: string,
  start: number,
  end: number,
  options: { instant: boolean; run?: number; points?: number; digits?: number },
): QueryState {
  const metrics = useMetricQueries();
  // The answer to the newest request; an older one (or none yet) reads as loading.
  const [answer, setAnswer] = useState<{ key: string; state: QueryState } | null>(null);
  const { instant, run, points, digits } = options;
  const key = `${query}\n${start}\n${end}\n${instant}\n${run ?? 0}\n${points ?? ''}\n${digits ?? ''}`;
  useEffect(() => {
    if (query.trim() === '') return;
    let stopped = false;
    const step = stepSecondsFor(start, end, points);
    const atEnd = instant ? metrics.instant({ query, time: end / 1000 }) : Promise.resolve(null);
    void Promise.allSettled([atEnd, metrics.range({ query, start: start / 1000, end: end / 1000, step, ...(digits === undefined ? {} : { digits }) })]).then(
      ([values, matrix]) => {
        if (stopped) return;
        // The instant query's error first: the full PromQL parser says where an error is.
        if (values.status === 'rejected') setAnswer({ key, state: { status: 'error', error: promqlErrorOf(values.reason) } });
        else if (matrix.status === 'rejected') setAnswer({ key, state: { status: 'error', error: promqlErrorOf(matrix.reason) } });
        else setAnswer({ key, state: { status: 'done', matrix: matrix.value, instant: values.value, stepMs: step * 1000, start, end } });
      },
    );
    return () => {
      stopped = true;
    };
  }, [metrics, key, query, start, end, instant, points, digits]);
  if (query.trim() === '') return { status: 'idle' };
  return answer?.key === key ? answer.state : { status: 'loading' };
}
