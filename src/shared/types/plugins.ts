/** What a plugin may do, as its manifest declares it. */
export interface PluginCapabilities {
  network: string[];
  commands: string[];
  read: string[];
  write: string[];
}

export type PluginState = 'disabled' | 'starting' | 'ready' | 'down' | 'stopped';

export interface PluginView {
  id: string;
  packageName: string;
  version: string;
  description: string;
  engines: string;
  /** Kind names by what they are: probes, channels, actions, analysers, logParsers. */
  contributes: Record<'probes' | 'channels' | 'actions' | 'analysers' | 'logParsers', string[]>;
  capabilities: PluginCapabilities;
  enabled: boolean;
  /** Whether the operator accepted these capabilities (an update asking for more needs it again). */
  trusted: boolean;
  state: PluginState;
  /** Why it is down, in words a person can act on. */
  reason: string | null;
  restarts: number;
  /** When the next start is due (ms since epoch), while it is down. */
  restartAt: number | null;
  pid: number | null;
  dir: string;
}
