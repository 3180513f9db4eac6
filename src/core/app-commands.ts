import type { appCommands } from '../shared/contract/app';
import type { HandlersOf } from '../shared/contract/define';
import type { AppInfo, HealthSummary } from '../shared/types/app';
import type { Settings } from '../shared/types/settings';
import type { SettingsStore } from './store/settings-store';

export function appHandlers(deps: {
  info: () => AppInfo;
  health: () => HealthSummary;
  settings: SettingsStore;
  onSettingsChanged: (settings: Settings) => void;
}): HandlersOf<typeof appCommands> {
  return {
    'app.info': async () => deps.info(),
    'health.get': async () => deps.health(),
    'settings.get': async () => deps.settings.get(),
    'settings.update': async (patch) => {
      const settings = deps.settings.update(patch);
      deps.onSettingsChanged(settings);
      return settings;
    },
  };
}
