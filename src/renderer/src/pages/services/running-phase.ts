import type { LifecyclePhase } from '../../../../shared/types/operate';

/** Phases in which Stop makes sense (it runs, is starting, or a start or restart is on its way); otherwise Start. */
export function isRunningPhase(phase: LifecyclePhase): boolean {
  return phase === 'running' || phase === 'starting' || phase === 'waiting' || phase === 'backoff' || phase === 'stopping';
}
