import type { LifecyclePhase } from '../../shared/types/operate';
import type { Clock, TimerHandle } from '../clock';
import type { Supervised } from './supervised';

export type ReadyOutcome = { ok: true } | { ok: false; message: string };

/**
 * Resolves once a supervised process is running (ready: its probes pass, or it stayed up for the
 * grace without probes), or with why not as soon as it reaches a phase in `failOn`, or, when
 * `timeoutMs` passes first, with `timedOut()`. Driven by the supervisor's changes, never polled.
 */
export function waitUntilRunning(
  supervisor: Pick<Supervised, 'currentPhase' | 'currentReason' | 'onChange'>,
  clock: Clock,
  timeoutMs: number,
  failOn: readonly LifecyclePhase[],
  timedOut: () => string,
): Promise<ReadyOutcome> {
  return new Promise((resolve) => {
    let timer: TimerHandle | null = null;
    let off: () => void = () => undefined;
    const done = (result: ReadyOutcome): void => {
      off();
      timer?.cancel();
      resolve(result);
    };
    const check = (): boolean => {
      const phase = supervisor.currentPhase;
      if (phase === 'running') done({ ok: true });
      else if (failOn.includes(phase)) done({ ok: false, message: supervisor.currentReason ?? phase });
      else return false;
      return true;
    };
    if (check()) return;
    off = supervisor.onChange(check);
    timer = clock.setTimeout(() => done({ ok: false, message: timedOut() }), timeoutMs);
  });
}
