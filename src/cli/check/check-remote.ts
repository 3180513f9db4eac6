import type { DependencyMap } from '../../core/config/dependency-graph';
import { CHECK_REPORT_SCHEMA_ID, summarize, type CheckMode, type CheckReport, type ProbeResult, type ServiceResult } from '../../shared/check/check-report';
import type { MachineSample, ProbeState } from '../../shared/types/monitoring';
import type { StartPlan } from '../../shared/types/operate';
import type { ServiceView } from '../../shared/types/service';
import type { WorkspaceView } from '../../shared/types/workspace';
import type { ServerClient } from '../server-client';
import { infrastructureServices } from './dependency-roles';
import { vitalsOf } from './machine-vitals';

/** A console that does not answer this fast is treated as not answering. */
const CALL_TIMEOUT_MS = 5_000;

/**
 * `zervigo check --url`: the same report from a running console, through the contract: its
 * workspace (and a rejected edit of the file, which makes it invalid), its start plan, its
 * services and the latest result of each probe (the console checks them continuously), the machine.
 */
export async function checkRemotely(client: ServerClient, mode: CheckMode): Promise<CheckReport> {
  const at = Date.now();
  const started = performance.now();
  const call = <T>(route: string): Promise<T> => client.call<T>('GET', route, undefined, { timeoutMs: CALL_TIMEOUT_MS });
  const view = await call<WorkspaceView>('/workspace');
  const [plan, list, probes, sample] = await Promise.all([
    call<StartPlan>('/services/plan'),
    mode === 'order' ? Promise.resolve([] as ServiceView[]) : call<ServiceView[]>('/services'),
    mode === 'order' ? Promise.resolve([] as ProbeState[]) : call<ProbeState[]>('/probes'),
    mode === 'all' || mode === 'infra' ? call<MachineSample | null>('/machine') : Promise.resolve(null),
  ]);
  const graph: DependencyMap = Object.fromEntries(list.map((service) => [service.name, service.dependsOn]));
  const infra = infrastructureServices(graph);
  const chosen = mode === 'infra' ? list.filter((service) => infra.has(service.name)) : list;
  const services = chosen.map((service): ServiceResult => ({
    name: service.name,
    status: service.probes.length === 0 && service.status === 'unknown' ? 'not_checked' : service.status,
    reason: service.reason,
    infra: infra.has(service.name),
    dependsOn: service.dependsOn,
    probes: probes.filter((probe) => probe.service === service.name).map(probeResult),
  }));
  const report = {
    schema: CHECK_REPORT_SCHEMA_ID,
    mode,
    source: client.url,
    at,
    durationMs: performance.now() - started,
    workspace: {
      file: view.path ?? '(built-in)',
      name: view.name,
      environment: view.environment,
      valid: view.error === null,
      issues: view.error?.issues ?? [],
    },
    order: { levels: plan.levels, problems: plan.problems },
    services,
    machine: sample === null ? null : vitalsOf(sample),
  };
  return { ...report, summary: summarize(report) };
}

function probeResult(probe: ProbeState): ProbeResult {
  return {
    id: probe.id,
    kind: probe.kind,
    target: probe.target,
    status: probe.status,
    reason: probe.reason,
    latencyMs: probe.latencyMs,
    checkedAt: probe.lastCheckAt,
  };
}
