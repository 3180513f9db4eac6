import type { ServiceStatus } from '../../shared/types/service';
import type { DependencyMap } from '../config/dependency-graph';

/** A dependency that is not up, explaining why a service that needs it is in trouble. */
export interface DependencyOutage {
  /** The dependencies at the root of it, followed through dependencies that are waiting themselves. */
  roots: string[];
  /** "waiting for db: db is down (db/tcp#0: connection refused)". */
  reason: string;
}

/** What the outage needs to know of each service. */
export interface DependencyState {
  status: ServiceStatus;
  reason: string | null;
  /** With status `waiting`: the dependencies it waits for. */
  waitingFor: readonly string[];
  /** Only observed and without probes: nothing can say it is down, so it never explains anything. */
  unobservable: boolean;
}

const statusWords: Record<ServiceStatus, string> = {
  up: 'up',
  running: 'running',
  pending: 'pending',
  down: 'down',
  restarting: 'restarting',
  starting: 'starting',
  waiting: 'waiting',
  stopping: 'stopping',
  stopped: 'stopped',
  given_up: 'given up',
  unknown: 'not checked yet',
};

/**
 * The dependencies (by depends_on) that are not up, as Kubernetes and systemd order services:
 * a dependent failing while one of these is down is a symptom, not a fault of its own. A
 * dependency that waits itself is followed to what it waits for, so a chain db ← api ← web
 * names db for both api and web. Null when every dependency is up (or cannot be observed).
 */
export function dependencyOutage(service: string, graph: DependencyMap, stateOf: (name: string) => DependencyState | undefined): DependencyOutage | null {
  const roots = new Map<string, { via: string | null; state: DependencyState }>();
  for (const dependency of graph[service] ?? []) {
    const state = stateOf(dependency);
    // Running without probes: nothing says it fails, so it never explains another's failure.
    if (state === undefined || state.status === 'up' || state.status === 'running' || state.unobservable) continue;
    if (state.status === 'waiting' && state.waitingFor.length > 0) {
      for (const root of state.waitingFor) {
        const rootState = stateOf(root);
        if (!roots.has(root) && rootState !== undefined) roots.set(root, { via: dependency, state: rootState });
      }
    } else if (!roots.has(dependency) || roots.get(dependency)?.via !== null) {
      roots.set(dependency, { via: null, state });
    }
  }
  if (roots.size === 0) return null;
  const named = [...roots].map(([root, { via }]) => (via === null ? root : `${root} (via ${via})`));
  const details = [...roots].map(([root, { state }]) => `${root} is ${statusWords[state.status]}${state.reason === null ? '' : ` (${state.reason})`}`);
  return { roots: [...roots.keys()], reason: `waiting for ${named.join(', ')}: ${details.join('; ')}` };
}
