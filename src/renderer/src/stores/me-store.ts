import { create } from 'zustand';
import type { MeView } from '../../../shared/types/auth';

interface MeState {
  /** Who the console is talking to; null until `auth.me` has answered. */
  me: MeView | null;
}

export const useMeStore = create<MeState>()(() => ({ me: null }));

export function setMe(me: MeView | null): void {
  useMeStore.setState({ me });
}
