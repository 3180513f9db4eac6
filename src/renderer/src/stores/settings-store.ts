import { create } from 'zustand';
import type { Settings } from '../../../shared/types/settings';
import { loading, type LoadState } from './load-state';

interface SettingsState {
  settings: Settings | null;
  load: LoadState;
}

export const useSettingsStore = create<SettingsState>()(() => ({ settings: null, load: loading }));

export function setSettings(settings: Settings): void {
  useSettingsStore.setState({ settings, load: { status: 'ready' } });
}
