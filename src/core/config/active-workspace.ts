import type { WorkspaceCounts, WorkspaceView, ConfigErrorView } from '../../shared/types/workspace';
import { DEFAULT_WORKSPACE_NAME } from './default-workspace';
import type { WorkspaceConfig } from './schema';
import path from 'node:path';

/** The version of the workspace that is running. */
export interface ActiveWorkspace {
  /** Absolute path, or null for the built-in workspace. */
  path: string | null;
  content: string;
  config: WorkspaceConfig;
  environment: string | null;
  vars: Record<string, string>;
  versionId: number;
  loadedAt: number;
}

export const BUILT_IN_FILE = '(built-in)';

export function fileLabel(workspacePath: string | null): string {
  return workspacePath ?? BUILT_IN_FILE;
}

export function countsOf(config: WorkspaceConfig): WorkspaceCounts {
  const services = Object.values(config.services);
  return {
    services: services.length,
    probes: services.reduce((sum, service) => sum + service.probes.length, 0),
    rules: config.rules.length + config.rule_groups.reduce((sum, group) => sum + group.rules.length, 0),
    routes: config.routes.length,
    channels: Object.keys(config.channels).length,
  };
}

/** Its `name:`, else the folder of its file. */
export function workspaceName(active: Pick<ActiveWorkspace, 'path' | 'config'>): string {
  return active.config.name ?? (active.path === null ? DEFAULT_WORKSPACE_NAME : path.basename(path.dirname(active.path)));
}

export function toWorkspaceView(active: ActiveWorkspace, error: ConfigErrorView | null): WorkspaceView {
  const { config } = active;
  return {
    name: workspaceName(active),
    path: active.path,
    builtIn: active.path === null,
    environment: active.environment,
    environments: Object.entries(config.environments).map(([name, environment]) => ({
      name,
      confirmDestructive: environment.confirm_destructive,
      vars: environment.vars,
    })),
    content: active.content,
    versionId: active.versionId,
    loadedAt: active.loadedAt,
    counts: countsOf(config),
    error,
  };
}
