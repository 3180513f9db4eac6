import { useAppInfoStore } from '../../stores/app-info-store';
import { useSettingsStore } from '../../stores/settings-store';

/** The name acknowledgements and silences from this console are recorded under (the engine decides the same way). */
export function useActingAs(): string | null {
  const name = useSettingsStore((state) => state.settings?.operatorName ?? null);
  const user = useAppInfoStore((state) => state.info?.user ?? null);
  return name ?? user;
}
