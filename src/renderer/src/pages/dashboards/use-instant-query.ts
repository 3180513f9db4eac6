import { useEffect, useState } from 'react';
import type { InstantResult } from '../../../../shared/types/explore';
import { useMetricQueries } from '../../bridge/metric-queries';
import { messageOf } from '../../format/error-message';

export type InstantState = { status: 'loading' } | { status: 'error'; message: string } | { status: 'done'; result: InstantResult };

/** One series' labels and value, from a vector or scalar answer (a matrix gives each series' last value). */
export interface InstantValue {
  labels: Record<string, string>;
  value: number;
}

export function valuesOf(result: InstantResult): InstantValue[] {
  switch (result.resultType) {
    case 'scalar':
      return [{ labels: {}, value: Number(result.result[1]) }];
    case 'vector':
      return result.result.map((one) => ({ labels: one.metric, value: Number(one.value[1]) }));
    case 'matrix':
      return result.result.flatMap((one) => {
        const last = one.values.at(-1);
        return last === undefined ? [] : [{ labels: one.metric, value: Number(last[1]) }];
      });
  }
}

/** A PromQL query's values at one moment (metrics.instant, batched on a dashboard), run again when the query or moment changes. */
export function useInstantQuery(query: string, time: number): InstantState {
  const metrics = useMetricQueries();
  const key = `${query}\n${time}`;
  const [answer, setAnswer] = useState<{ key: string; state: InstantState } | null>(null);
  useEffect(() => {
    let stopped = false;
    metrics.instant({ query, time: time / 1000 }).then(
      (result) => !stopped && setAnswer({ key, state: { status: 'done', result } }),
      (error: unknown) => !stopped && setAnswer({ key, state: { status: 'error', message: messageOf(error) } }),
    );
    return () => {
      stopped = true;
    };
  }, [metrics, key, query, time]);
  return answer?.key === key ? answer.state : { status: 'loading' };
}
