import type { ServiceRuntime } from './operate';

/**
 * A service's state as the operator sees it. The colours in UI.md map from here:
 * up green; pending/starting yellow; down/given_up red; stopped/unknown grey.
 */
export type ServiceStatus = 'unknown' | 'up' | 'pending' | 'down' | 'starting' | 'stopping' | 'stopped' | 'given_up';

export type ProbeKind = 'http' | 'tcp' | 'process' | 'command' | 'tmux' | 'prometheus';

export interface ProbeSummary {
  id: string;
  kind: ProbeKind;
  target: string;
  everyMs: number;
}

export interface ServiceView {
  name: string;
  description: string | null;
  status: ServiceStatus;
  /** Why the status is what it is, in words (the failing probe's reason, the exit code...). */
  reason: string | null;
  dependsOn: string[];
  /** Where it runs when Zervigo starts it; 'none' when it is only observed. */
  runner: 'tmux' | 'process' | 'none';
  probes: ProbeSummary[];
  /** Its process as Zervigo runs it (pid, uptime, restarts, CPU, memory); null when only observed. */
  runtime: ServiceRuntime | null;
  /** Start settings edited while it runs (command, cwd, env...): "restart to apply". Null when nothing waits. */
  pendingRestart: { fields: string[] } | null;
}
