import path from 'node:path';

/**
 * Where a deployed service's releases are kept: `<data>/releases/<service>/<sha>` and the
 * `current` symlink. A service with `deploy:` runs under `current` (its cwd is relative to it),
 * so a restart after the switch starts the new release.
 */
export function releaseRoot(dataDir: string, service: string): string {
  return path.join(dataDir, 'releases', service);
}
