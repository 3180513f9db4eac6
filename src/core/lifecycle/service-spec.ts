import path from 'node:path';
import type { ActiveWorkspace } from '../config/active-workspace';
import { toArgv, type ServiceConfig, type WorkspaceConfig } from '../config/schema';
import type { ServiceSpec } from '../process/runner';
import { fillReplica, replicaPort } from '../config/replica-variables';
import { replicaId } from '../../shared/replica-id';

/** The folder relative paths of the workspace are resolved against: the file's own folder. */
export function workspaceDir(active: Pick<ActiveWorkspace, 'path'>, cwd: string = process.cwd()): string {
  return active.path === null ? cwd : path.dirname(active.path);
}

/** The session that services with `tmux: true` run in: tmux.session, else the workspace's name made safe, else "zervigo". */
export function defaultSession(config: WorkspaceConfig): string {
  if (config.tmux.session !== undefined) return config.tmux.session;
  const slug = (config.name ?? '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return slug === '' ? 'zervigo' : slug;
}

/** What it takes to run a service, or null when it has no start command (it is only observed). */
/** `releases`: where a service's deployed releases are (a service with deploy: runs in its `current` one). */
export function buildSpec(
  name: string,
  service: ServiceConfig,
  config: WorkspaceConfig,
  dir: string,
  releases?: (service: string) => string,
): ServiceSpec | null {
  if (service.start === undefined) return null;
  const argv = toArgv(service.start, service.shell);
  // The schema has refused commands that do not split; this keeps the types honest.
  if (!argv.ok) return null;
  const stop = service.stop === undefined ? null : toArgv(service.stop, service.shell);
  const tmux =
    service.tmux === false
      ? null
      : {
          session: (service.tmux === true ? undefined : service.tmux.session) ?? defaultSession(config),
          window: (service.tmux === true ? undefined : service.tmux.window) ?? name,
        };
  return {
    name,
    argv: argv.argv,
    stopArgv: stop?.ok ? stop.argv : null,
    cwd: path.resolve(service.deploy !== undefined && releases !== undefined ? path.join(releases(name), 'current') : dir, service.cwd ?? '.'),
    env: service.env,
    tmux,
    pidFile: service.pid_file === undefined ? null : path.resolve(dir, service.pid_file),
    port: service.port ?? null,
    stopGraceMs: service.stop_grace,
  };
}

/**
 * One replica's spec: its own name (web#2, which names its log file and output), ${REPLICA}
 * and ${PORT} filled in its command, stop command, folder and env, and REPLICA / PORT set in
 * its environment (as Heroku's PORT), on its own port.
 */
export function replicaSpec(spec: ServiceSpec, replica: number): ServiceSpec {
  const values = { replica, port: replicaPort(spec.port, replica) };
  const env = Object.fromEntries(Object.entries(spec.env).map(([key, value]) => [key, fillReplica(value, values)]));
  return {
    ...spec,
    name: replicaId(spec.name, replica),
    argv: spec.argv.map((arg) => fillReplica(arg, values)),
    stopArgv: spec.stopArgv?.map((arg) => fillReplica(arg, values)) ?? null,
    cwd: fillReplica(spec.cwd, values),
    env: { REPLICA: String(replica), ...(values.port === null ? {} : { PORT: String(values.port) }), ...env },
    port: values.port,
  };
}
