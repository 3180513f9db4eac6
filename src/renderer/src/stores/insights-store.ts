import { create } from 'zustand';
import type { InsightsView } from '../../../shared/types/insights';
import { loading, type LoadState } from './load-state';

/** What analysis found, as the engine last published it. */
interface InsightsState {
  view: InsightsView | null;
  load: LoadState;
}

export const useInsightsStore = create<InsightsState>()(() => ({ view: null, load: loading }));

export function setInsights(view: InsightsView): void {
  useInsightsStore.setState({ view, load: { status: 'ready' } });
}
