import type { ServiceRuntime } from '../../shared/types/operate';
import type { ServiceStatus } from '../../shared/types/service';
import type { DependencyOutage } from './dependency-outage';
import type { ProbeHealth } from './ports';

export interface StatusInputs {
  /** Null when Zervigo does not run the service (no start command): probes alone decide. */
  runtime: Pick<ServiceRuntime, 'phase'> | null;
  /** The supervisor's words for its phase ("exited with code 1; restarting in 2 s"). */
  lifecycleReason: string | null;
  hasProbes: boolean;
  probeHealth: ProbeHealth;
  probeReason: string | null;
  /** The supervisor holds off a restart: this dependency outage explains the failure. */
  held?: DependencyOutage | null;
  /** Dependencies (by depends_on) that are not up right now, if any. */
  outage?: DependencyOutage | null;
}

export interface ShownStatus {
  status: ServiceStatus;
  reason: string | null;
  /** With `waiting`: what it waits for. */
  waitingFor: string[];
}

const NOTHING_CHECKS = 'no probes, and Zervigo does not run it: nothing tells whether it is up';

/**
 * The one place where the lifecycle (ours), probe health (monitoring's) and the dependencies
 * become the status the console shows. Lifecycle wins while Zervigo is acting on the service;
 * once it runs, its probes say whether it is up — and a failure that a dependency which is down
 * explains reads "waiting for db", not "down": the dependency is what needs healing.
 */
export function serviceStatus(inputs: StatusInputs): ShownStatus {
  const own = lifecycleStatus(inputs);
  const outage = inputs.outage ?? null;
  const held = inputs.held ?? null;
  if (own.status === 'waiting') return { ...own, waitingFor: (held ?? outage)?.roots ?? [] };
  if (held !== null && own.status !== 'up' && own.status !== 'running')
    return { status: 'waiting', reason: (outage ?? held).reason, waitingFor: (outage ?? held).roots };
  if (outage !== null && (own.status === 'pending' || own.status === 'down')) return { status: 'waiting', reason: outage.reason, waitingFor: outage.roots };
  return { ...own, waitingFor: [] };
}

function lifecycleStatus(inputs: StatusInputs): { status: ServiceStatus; reason: string | null } {
  const { runtime, lifecycleReason, hasProbes, probeHealth, probeReason } = inputs;
  if (runtime === null || runtime.phase === 'unmanaged') {
    // Nothing runs it and nothing checks it: unknown, and saying so beats "no check has run yet".
    if (!hasProbes) return { status: 'unknown', reason: NOTHING_CHECKS };
    return fromProbes(probeHealth, probeReason);
  }
  switch (runtime.phase) {
    case 'stopped':
      return { status: 'stopped', reason: lifecycleReason };
    case 'stopping':
      return { status: 'stopping', reason: lifecycleReason };
    case 'waiting':
      return { status: 'waiting', reason: lifecycleReason };
    case 'starting':
      return { status: 'starting', reason: lifecycleReason ?? (hasProbes ? probeReason : null) };
    case 'backoff':
      // Its process is gone (killed, crashed, failed its probes): down until the scheduled restart, never "pending".
      return { status: 'restarting', reason: lifecycleReason };
    case 'given_up':
      return { status: 'given_up', reason: lifecycleReason };
    case 'failed':
      return { status: 'down', reason: lifecycleReason };
    case 'running':
      // No probes: its process runs, and that is all anyone knows — "running", never "up".
      if (!hasProbes) return { status: 'running', reason: lifecycleReason };
      if (probeHealth === 'unknown') return { status: 'unknown', reason: probeReason ?? 'running; no probe result yet' };
      return fromProbes(probeHealth, probeReason);
  }
}

function fromProbes(health: ProbeHealth, reason: string | null): { status: ServiceStatus; reason: string | null } {
  return { status: health, reason };
}
