import { create } from 'zustand';
import type { LogPatternsDiscovered, LogRetentionNotice, LogSourceView, LogsStatus } from '../../../shared/types/logs';

interface LogsState {
  status: LogsStatus | null;
  /** Patterns first seen while this console was open, newest first (ids), for the "new" flag. */
  discovered: number[];
}

export const useLogsStore = create<LogsState>()(() => ({ status: null, discovered: [] }));

export function setLogsStatus(status: LogsStatus): void {
  useLogsStore.setState({ status });
}

export function setLogSources(sources: LogSourceView[]): void {
  const status = useLogsStore.getState().status;
  if (status !== null) useLogsStore.setState({ status: { ...status, sources } });
}

export function setLogRetention(notice: LogRetentionNotice): void {
  const status = useLogsStore.getState().status;
  if (status !== null) useLogsStore.setState({ status: { ...status, store: { ...status.store, lastDrop: notice } } });
}

export function addDiscoveredPatterns(event: LogPatternsDiscovered): void {
  const ids = event.patterns.map((pattern) => pattern.id);
  useLogsStore.setState((state) => ({ discovered: [...ids, ...state.discovered].slice(0, 500) }));
}
