import { create } from 'zustand';
import type { TmuxServerView } from '../../../shared/types/sessions';
import { loading, type LoadState } from './load-state';

interface SessionsState {
  server: TmuxServerView | null;
  load: LoadState;
}

export const useSessionsStore = create<SessionsState>()(() => ({ server: null, load: loading }));

export function setSessions(server: TmuxServerView): void {
  useSessionsStore.setState({ server, load: { status: 'ready' } });
}
