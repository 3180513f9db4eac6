import type { ServiceRuntime } from '../../shared/types/operate';
import type { ProbeSummary, ServiceStatus, ServiceView } from '../../shared/types/service';
import type { ActiveWorkspace } from '../config/active-workspace';
import { summarizeProbes } from './probe-summary';

export interface ServiceState {
  status: ServiceStatus;
  reason: string | null;
  /** With status `waiting`: the dependencies it waits for. */
  waitingFor?: string[];
}

function sameState(a: ServiceState | undefined, b: ServiceState): boolean {
  return a?.status === b.status && a.reason === b.reason && (a.waitingFor ?? []).join(',') === (b.waitingFor ?? []).join(',');
}

/**
 * The services of the running workspace with their current state. Parts of the engine that
 * learn a service's state (probes, the supervisor) report it here; views are built from it.
 */
export class ServiceCatalog {
  private readonly states = new Map<string, ServiceState>();
  private readonly runtimes = new Map<string, ServiceRuntime>();
  private readonly pendingRestarts = new Map<string, { fields: string[] }>();
  private workspace: ActiveWorkspace | null = null;
  /**
   * Each service's probe summaries, made once per workspace: every status change lists every
   * service, and summarising all their probes each time was half the cost of recording a probe's
   * status change (250 probes going down at once, 500 probes in the workspace).
   */
  private probeSummaries = new Map<string, ProbeSummary[]>();

  constructor(private readonly onChange: (services: ServiceView[]) => void) {}

  setWorkspace(workspace: ActiveWorkspace): void {
    this.workspace = workspace;
    this.probeSummaries = new Map();
    for (const name of [...this.states.keys()]) if (!Object.hasOwn(workspace.config.services, name)) this.states.delete(name);
    for (const name of [...this.runtimes.keys()]) if (!Object.hasOwn(workspace.config.services, name)) this.runtimes.delete(name);
    for (const name of [...this.pendingRestarts.keys()]) if (!Object.hasOwn(workspace.config.services, name)) this.pendingRestarts.delete(name);
    this.onChange(this.list());
  }

  setState(name: string, state: ServiceState): void {
    if (sameState(this.states.get(name), state)) return;
    this.states.set(name, state);
    this.onChange(this.list());
  }

  /** The supervisor's report: the shown state, the process figures and what waits for a restart, one change event. */
  report(name: string, state: ServiceState, runtime: ServiceRuntime | null, pendingRestart: { fields: string[] } | null = null): void {
    const before = JSON.stringify([this.runtimes.get(name) ?? null, this.pendingRestarts.get(name) ?? null]);
    if (sameState(this.states.get(name), state) && before === JSON.stringify([runtime, pendingRestart])) return;
    this.states.set(name, state);
    if (runtime === null) this.runtimes.delete(name);
    else this.runtimes.set(name, runtime);
    if (pendingRestart === null) this.pendingRestarts.delete(name);
    else this.pendingRestarts.set(name, pendingRestart);
    this.onChange(this.list());
  }

  /** Every service's status, by name. */
  statuses(): Map<string, ServiceView['status']> {
    return new Map(this.list().map((service) => [service.name, service.status]));
  }

  private probeSummariesOf(name: string, probes: Parameters<typeof summarizeProbes>[1]): ProbeSummary[] {
    let summaries = this.probeSummaries.get(name);
    if (summaries === undefined) {
      summaries = summarizeProbes(name, probes);
      this.probeSummaries.set(name, summaries);
    }
    return summaries;
  }

  list(): ServiceView[] {
    if (this.workspace === null) return [];
    return Object.entries(this.workspace.config.services).map(([name, service]) => {
      const state = this.states.get(name);
      return {
        name,
        description: service.description ?? null,
        status: state?.status ?? 'unknown',
        reason: state?.reason ?? null,
        dependsOn: service.depends_on,
        waitingFor: state?.waitingFor ?? [],
        runner: service.start === undefined ? 'none' : service.tmux === false ? 'process' : 'tmux',
        probes: this.probeSummariesOf(name, service.probes),
        runtime: this.runtimes.get(name) ?? null,
        pendingRestart: this.pendingRestarts.get(name) ?? null,
      };
    });
  }
}
