import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { InstantResult } from '../../../shared/types/explore';
import type { MatrixResult } from '../../../shared/types/monitoring';
import { MetricsBatcher } from './metrics-batcher';
import { useBridge } from './use-bridge';

/** How a page's charts and values ask for metrics: one by one, or batched (a dashboard). */
export interface MetricQueries {
  /** Seconds (start, end, step) as metrics.query takes them; `digits` keeps that many significant digits of each value when batched. */
  range(query: { query: string; start: number; end: number; step: number; digits?: number }): Promise<MatrixResult>;
  instant(query: { query: string; time: number }): Promise<InstantResult>;
}

const BatchedQueries = createContext<MetricQueries | null>(null);

/** Inside it, the metric queries of a render go to the engine as one metrics.queryBatch. */
export function BatchedMetricQueries({ children }: { children: ReactNode }) {
  const bridge = useBridge();
  const batcher = useMemo(() => new MetricsBatcher(bridge), [bridge]);
  return <BatchedQueries.Provider value={batcher}>{children}</BatchedQueries.Provider>;
}

/** The batched queries inside <BatchedMetricQueries>, else one command per query (Explore). */
export function useMetricQueries(): MetricQueries {
  const batched = useContext(BatchedQueries);
  const bridge = useBridge();
  return useMemo(
    () =>
      batched ?? {
        range: ({ query, start, end, step }) => bridge.invoke('metrics.query', { query, start, end, step }),
        instant: ({ query, time }) => bridge.invoke('metrics.instant', { query, time }),
      },
    [batched, bridge],
  );
}
