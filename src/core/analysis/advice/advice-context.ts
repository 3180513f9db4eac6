import type { AdviceInsight } from '../../../shared/types/insights';
import type { WorkspaceConfig } from '../../config/schema';
import type { SeriesInfo } from '../../store/series-index';
import type { SeriesStore } from '../../store/series-store';
import type { AdviceHistory } from './advice-history';

/** What every advisor may look at; the engine fills it once per advice round. */
export interface AdviceContext {
  now: number;
  config: WorkspaceConfig;
  series: SeriesStore;
  history: AdviceHistory;
  /** The TCP ports a service's processes listen on now; null when it is not running or cannot be seen. */
  listeningPorts: (service: string) => number[] | null;
}

/** One kind of advice: looks at the evidence and says what to change, or nothing. */
export type Advisor = (context: AdviceContext) => AdviceInsight[];

/** The series of a metric whose labels include all of `labels`. */
export function seriesWith(context: AdviceContext, name: string, labels: Record<string, string>): SeriesInfo[] {
  return context.series.index.select(
    name,
    Object.entries(labels).map(([label, value]) => ({ name: label, type: '=' as const, value })),
  );
}

/** Probe series carry `probe="<name or kind#index>"`, as the probe factory names them. */
export function probeLabelOf(probe: { name?: string | undefined }, kind: string, index: number): string {
  return probe.name ?? `${kind}#${index}`;
}

export function formatMs(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${Math.round(ms / 100) / 10} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 6_000) / 10} min`;
  return `${Math.round(ms / 360_000) / 10} h`;
}

export function formatBytes(bytes: number): string {
  const abs = Math.abs(bytes);
  if (abs >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
  if (abs >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  if (abs >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${Math.round(bytes)} B`;
}
