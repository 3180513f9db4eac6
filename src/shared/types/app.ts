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
