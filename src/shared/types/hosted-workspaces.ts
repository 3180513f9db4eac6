import type { Role } from '../auth/permissions';

/**
 * What a server's admin allows one workspace (the server's workspaces file): a workspace over its
 * probe count or under the shortest interval does not load, its logs are trimmed to the storage
 * quota, and actions over the rate are refused. Absent: no limit.
 */
export interface WorkspaceQuotas {
  /** Most probes across its services. */
  probes?: number;
  /** The shortest `every` a probe may have, in ms. */
  minProbeIntervalMs?: number;
  /** Most bytes of stored log lines (the lower of this and the workspace's storage.logs.max_size). */
  logStorageBytes?: number;
  /** Most actions (commands that change something: operate, configure, shell, people) a minute. */
  actionsPerMinute?: number;
}

/** One workspace the caller may open on this server (workspaces.list). */
export interface HostedWorkspaceView {
  name: string;
  /** The caller's role there. */
  role: Role;
  /** The workspace this call was made in. */
  current: boolean;
  /** The server's limits on it, or null when it has none. */
  quotas: WorkspaceQuotas | null;
}
