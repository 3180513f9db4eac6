import type { appCommands } from '../shared/contract/app';
import type { HandlersOf } from '../shared/contract/define';
import type { AppInfo, HealthSummary, ShellKind } from '../shared/types/app';
import type { Settings } from '../shared/types/settings';
import { osUser } from './person';
import type { SettingsStore } from './store/settings-store';
import { ZERVIGO_VERSION } from './version';

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

/** What app.info answers: this Zervigo, the shell it runs in, its data folder and process. */
export function appInfo(shell: ShellKind, dataDir: string, databaseFile: string, startedAt: number): AppInfo {
  return {
    name: 'Zervigo',
    version: ZERVIGO_VERSION,
    shell,
    dataDir,
    databaseFile,
    startedAt,
    pid: process.pid,
    platform: `${process.platform}-${process.arch}`,
    node: process.versions.node,
    user: osUser(),
  };
}
