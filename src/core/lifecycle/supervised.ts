import type { LifecyclePhase, ServiceRuntime } from '../../shared/types/operate';
import type { DependencyOutage } from './dependency-outage';
import type { LivenessHealth, ProbeHealth } from './ports';
import type { StartSettings } from './start-settings';
import type { RunFailure, StepOutcome, SupervisedConfig } from './supervisor';

/**
 * What the service manager holds per service it runs: one supervised process (ServiceSupervisor)
 * or a set of replicas (ReplicaSet), each seen the same way — phase, start, stop, self-healing.
 */
export interface Supervised {
  readonly name: string;
  readonly currentPhase: LifecyclePhase;
  readonly currentReason: string | null;
  readonly pid: number | null;
  readonly hasProbes: boolean;
  readonly readyTimeoutMs: number;
  readonly startedWith: StartSettings | null;
  readonly heldBy: DependencyOutage | null;
  readonly failureMark: number;
  failedSince(mark: number): RunFailure | null;
  view(): ServiceRuntime;
  update(config: SupervisedConfig): void;
  setUsage(cpuPercent: number | null, memoryBytes: number | null): void;
  /** The processes whose CPU and memory are measured: itself, or each of its replicas (the set sums theirs). */
  measured(): readonly Supervised[];
  markWaiting(reason: string): void;
  markBlocked(reason: string): void;
  dependencyChanged(outage: DependencyOutage | null): void;
  discover(): Promise<boolean>;
  start(actor: string): Promise<StepOutcome>;
  stop(actor: string): Promise<StepOutcome>;
  reset(actor: string): Promise<void>;
  restartForRule(rule: string): Promise<StepOutcome>;
  onProbeHealth(health: ProbeHealth, probeReason: string | null, liveness?: LivenessHealth): void;
  dispose(stopChildren: boolean): Promise<void>;
  onChange(listener: () => void): () => void;
}
