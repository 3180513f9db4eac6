export type ShellKind = 'desktop' | 'server' | 'cli';

export interface AppInfo {
  name: string;
  version: string;
  shell: ShellKind;
  dataDir: string;
  databaseFile: string;
  startedAt: number;
  pid: number;
  platform: string;
  node: string;
  /** The OS user the engine runs as: who acts from the console when no name is set in Settings. */
  user: string;
}

/** The worst current state, for the tray, the favicon and the header. */
export type HealthLevel = 'ok' | 'warning' | 'critical' | 'unknown';

export interface HealthSummary {
  level: HealthLevel;
  services: number;
  down: number;
  pending: number;
  firing: number;
  at: number;
}
