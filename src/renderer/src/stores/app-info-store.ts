import { create } from 'zustand';
import type { AppInfo } from '../../../shared/types/app';

interface AppInfoState {
  info: AppInfo | null;
}

export const useAppInfoStore = create<AppInfoState>()(() => ({ info: null }));

export function setAppInfo(info: AppInfo): void {
  useAppInfoStore.setState({ info });
}
