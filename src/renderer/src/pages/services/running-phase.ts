import type { LifecyclePhase, ServiceRuntime } from '../../../../shared/types/operate';

/** Phases in which Stop makes sense (it runs, is starting, or a start or restart is on its way); otherwise Start. */
export function isRunningPhase(phase: LifecyclePhase): boolean {
  return phase === 'running' || phase === 'starting' || phase === 'waiting' || phase === 'backoff' || phase === 'stopping';
}

/** Whether a process of it runs now: its own, or (a replicated service has no pid of its own) any replica's. */
export function hasLiveProcess(runtime: ServiceRuntime | null): boolean {
  if (runtime === null) return false;
  return runtime.pid !== null || (runtime.replicas ?? []).some((replica) => replica.pid !== null);
}
