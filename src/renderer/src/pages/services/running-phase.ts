import type { LifecyclePhase, ServiceRuntime } from '../../../../shared/types/operate';

/** Phases in which Stop makes sense (it runs, is starting, or a start or restart is on its way); otherwise Start. */
export function isRunningPhase(phase: LifecyclePhase): boolean {
  return phase === 'running' || phase === 'starting' || phase === 'waiting' || phase === 'backoff' || phase === 'stopping';
}

/** Whether a process of it runs now: its own, or (a replicated service has no pid of its own) any replica's. */
export function hasLiveProcess(runtime: ServiceRuntime | null): runtime is ServiceRuntime {
  if (runtime === null) return false;
  return runtime.pid !== null || (runtime.replicas ?? []).some((replica) => replica.pid !== null);
}

/** "2/3 up" for a replicated service (it has no pid of its own: its replicas do); null for a plain one. */
export function replicaTally(runtime: ServiceRuntime | null): string | null {
  const replicas = runtime?.replicas;
  if (replicas === undefined || replicas.length === 0) return null;
  return `${runtime?.replicasUp ?? 0}/${replicas.length} up`;
}
