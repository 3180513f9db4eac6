import { create } from 'zustand';
import type { ConfigErrorView, WorkspaceView } from '../../../shared/types/workspace';
import { loading, type LoadState } from './load-state';

interface WorkspaceState {
  /** The running workspace (the last good version), with the last rejected edit in `error`. */
  view: WorkspaceView | null;
  load: LoadState;
}

export const useWorkspaceStore = create<WorkspaceState>()(() => ({ view: null, load: loading }));

export function setWorkspaceView(view: WorkspaceView): void {
  useWorkspaceStore.setState({ view, load: { status: 'ready' } });
}

/** An edit was rejected: the running version stays, its error is shown until a good one lands. */
export function setWorkspaceError(error: ConfigErrorView): void {
  useWorkspaceStore.setState((state) => (state.view === null ? state : { view: { ...state.view, error } }));
}
