import type { ServiceRuntime } from './operate';

/**
 * A service's state as the operator sees it. The colours in UI.md map from here:
 * up green (its checks pass); running green (its process runs, but it has no probes, so nothing
 * checks that it works: never called "up"); pending/starting/waiting yellow; down/restarting/given_up
 * red (restarting: its process ended and a restart is scheduled after the back-off);
 * stopped/stopping/unknown grey.
 * `waiting`: held back by a dependency that is not up (at start, or because its failure is
 * explained by that dependency): not restarted, it carries on once the dependency is back.
 */
export type ServiceStatus = 'unknown' | 'up' | 'running' | 'pending' | 'down' | 'restarting' | 'starting' | 'waiting' | 'stopping' | 'stopped' | 'given_up';

/** A built-in kind, or one a plugin contributes. */
export type ProbeKind = 'http' | 'tcp' | 'process' | 'command' | 'tmux' | 'prometheus' | (string & {});

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

/** One variable a service is started with, as the console shows it. */
export interface EnvVariable {
  name: string;
  /** The value, or for a secret its masked form: "•••", or a URL with its password as "•••". */
  value: string;
  /** True when `value` is masked; services.revealEnv gives the real one (and the audit log records who asked). */
  masked: boolean;
}

/** The environment a service's process is given (its `env:`, after ${VAR} substitution). */
export interface ServiceEnvironment {
  service: string;
  variables: EnvVariable[];
  /** What else the process sees, in words ("Zervigo's own environment", "the tmux server's environment"). */
  inherits: string;
}
