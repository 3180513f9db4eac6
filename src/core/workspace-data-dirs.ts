import fs from 'node:fs';
import path from 'node:path';

/** Each hosted workspace's data (store, logs, releases, plugins) lives here under the server's data folder. */
export function workspaceDataDir(dataDir: string, name: string): string {
  return path.join(dataDir, 'workspaces', name);
}

/**
 * The workspaces a server on this data folder has hosted with `serve --workspace name=file` (or
 * --workspaces): each left its folder under `workspaces/`. Nothing else records them: which
 * workspaces the next `serve` hosts is decided by its options, not by the data folder.
 */
export function servedWorkspaceNames(dataDir: string): string[] {
  try {
    return fs
      .readdirSync(path.join(dataDir, 'workspaces'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
