import type { ShellKind } from '../shared/types/app';
import type { WorkspaceQuotas } from '../shared/types/hosted-workspaces';
import type { AuthModule, AuthOptions } from './auth/auth-module';
import type { HostedWorkspace } from './auth/workspace-list';
import type { Clock } from './clock';
import type { Logger } from './logger';
import type { PluginLauncher } from './plugins/plugin-process';
import type { ServicesOptions } from './services/services-module';

/** How an Engine is started: its data folder and workspace, the shell it runs in, and what tests and a server tune. */
export interface EngineOptions {
  dataDir: string;
  /** Absolute path of zervigo.yaml, or null for the built-in workspace. */
  workspacePath: string | null;
  environment?: string | null;
  shell: ShellKind;
  clock?: Clock;
  logger?: Logger;
  processEnv?: NodeJS.ProcessEnv;
  /** How often collected samples are written (one transaction per tick). */
  tickMs?: number;
  /** How often rollups and retention run. */
  maintenanceEveryMs?: number;
  /** New probes start within min(every, this) of being loaded (default 10 s). */
  probeSpreadMs?: number;
  /** Service control, tmux and terminals: the ports to monitoring/alerting/logs, the pty host. */
  operate?: ServicesOptions;
  /** The workspace file and edits over this many bytes are refused (default: ZERVIGO_MAX_WORKSPACE_SIZE, else 4 MiB). */
  maxWorkspaceBytes?: number;
  /** Session lifetimes and account lockout (defaults: 12 h idle, 7 d absolute; 10 failures in 15 min lock for 15 min). */
  auth?: AuthOptions;
  /** This workspace's name on its server (default: the desktop's and a one-workspace server's, "default"). */
  name?: string;
  /**
   * People, tokens and sessions shared by every workspace of a server (`zervigo serve --workspace
   * A=… --workspace B=…`); without it the engine keeps its own in its database.
   */
  sharedAuth?: AuthModule;
  /** The workspaces of the server this engine is one of (workspaces.list); default: this one alone. */
  hostedWorkspaces?: () => readonly HostedWorkspace[];
  /** What the server's admin allows this workspace: probes, shortest interval, log storage, actions a minute. */
  quotas?: WorkspaceQuotas;
  /** How third-party plugins' processes are started (default: forked Node processes; the desktop app passes Electron utility processes). */
  pluginLauncher?: PluginLauncher;
}
