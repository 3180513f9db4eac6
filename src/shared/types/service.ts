import type { ServiceRuntime } from './operate';

/**
 * A service's state as the operator sees it. The colours in UI.md map from here:
 * up green; pending/starting/waiting yellow; down/given_up red; stopped/unknown grey.
 * `waiting`: held back by a dependency that is not up (at start, or because its failure is
 * explained by that dependency): not restarted, it carries on once the dependency is back.
 */
export type ServiceStatus = 'unknown' | 'up' | 'pending' | 'down' | 'starting' | 'waiting' | 'stopping' | 'stopped' | 'given_up';

export type ProbeKind = 'http' | 'tcp' | 'process' | 'command' | 'tmux' | 'prometheus';

/**
 * What a probe's failure does (Kubernetes' distinction): `liveness` (the default) gates
 * readiness and its failure restarts the service; `readiness` only gates readiness (the
 * status, dependents) and never triggers a restart.
 */
export type ProbeRole = 'liveness' | 'readiness';

export interface ProbeSummary {
  id: string;
  kind: ProbeKind;
  target: string;
  everyMs: number;
  role: ProbeRole;
}

export interface ServiceView {
  name: string;
  description: string | null;
  status: ServiceStatus;
  /** Why the status is what it is, in words (the failing probe's reason, the exit code...). */
  reason: string | null;
  dependsOn: string[];
  /** With status `waiting`: the dependencies it waits for (the root causes, followed through dependents that wait too). */
  waitingFor: string[];
  /** Where it runs when Zervigo starts it; 'none' when it is only observed. */
  runner: 'tmux' | 'process' | 'none';
  probes: ProbeSummary[];
  /** Its process as Zervigo runs it (pid, uptime, restarts, CPU, memory); null when only observed. */
  runtime: ServiceRuntime | null;
  /** Start settings edited while it runs (command, cwd, env...): "restart to apply". Null when nothing waits. */
  pendingRestart: { fields: string[] } | null;
}
