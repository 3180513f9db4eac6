import os from 'node:os';
import path from 'node:path';
import type { MachineSample } from '../../shared/types/monitoring';
import type { ProbeKind, ProbeRole } from '../../shared/types/service';
import { LOCAL_HOST } from '../../shared/fleet-hosts';
import { probeKindOf, type ProbeConfig, type ServiceConfig, type WorkspaceConfig } from '../config/schema';
import { probeId } from '../lifecycle/probe-summary';
import { fillReplicaDeep, initialReplicas, isReplicated, replicaPort } from '../config/replica-variables';
import { replicaId } from '../../shared/replica-id';
import type { SeriesIndex } from '../store/series-index';
import { failed, since, type CheckResult } from './check-result';
import type { HttpAgents } from './http-agents';
import type { PluginProbeCall } from './kinds/plugin-probe';
import type { ProcessProbeDeps } from './kinds/process-probe';
import type { ProbeContext } from './probe-kind';
import type { ProbeKindRegistry } from './probe-kinds';
import { createMachineReader, createSystemCheck } from './kinds/system-probe';
import { primedReader } from './machine/primed-reader';
import { ProbeSeries } from './probe-series';
import type { ScheduledProbe } from './scheduler';

export const MACHINE_PROBE_ID = 'machine';
const MACHINE_GROUP = '\u0000machine';

/** A probe as the monitoring module runs it: the scheduler's view plus what it reports. */
export interface MonitoredProbe extends ScheduledProbe<CheckResult> {
  /** Null for the machine probe, which belongs to no service. */
  service: string | null;
  kind: ProbeKind;
  target: string;
  /** Whether its failure restarts the service (liveness) or only gates readiness. */
  role: ProbeRole;
  series: ProbeSeries;
}

export interface ProbeFactoryDeps extends ProcessProbeDeps {
  index: SeriesIndex;
  agents: HttpAgents;
  /** Relative paths in the workspace (cwd, pid files) are relative to its folder. */
  workspaceDir: string;
  processEnv: NodeJS.ProcessEnv;
  onMachineSample: (sample: MachineSample) => void;
  /** The probe kinds: each probe's check is built by the kind it is written under. */
  probeKinds: ProbeKindRegistry;
  /** Runs a check of a plugin's probe kind in that plugin's process. */
  pluginProbe?: PluginProbeCall;
  /** How many replicas a replicated service runs now (it may have been scaled); default its configured count. */
  replicaCount?: (service: string) => number | undefined;
  /** Runs a probe once on an agent (probes.run_once there): a probe's `from`. Absent where there is no fleet. */
  remoteProbe?: RemoteProbeCall;
}

/** One check of a probe on an agent; it rejects when the agent cannot be asked (down, refused, no answer). */
export type RemoteProbeCall = (agent: string, input: { service: string; probe: Record<string, unknown> }, timeoutMs: number) => Promise<CheckResult>;

/** A check on an agent may take its own timeout plus the round trip to it. */
const REMOTE_MARGIN_MS = 1_000;

/** Every probe of the workspace, plus the machine probe unless `machine: false`. */
export function buildProbes(config: WorkspaceConfig, deps: ProbeFactoryDeps): MonitoredProbe[] {
  const probes: MonitoredProbe[] = [];
  for (const [service, serviceConfig] of Object.entries(config.services)) {
    if (isReplicated(serviceConfig)) {
      // Each replica has its probes (web#2/http), ${REPLICA} and ${PORT} filled in; series keep service="web" and add replica="2".
      const count = deps.replicaCount?.(service) ?? initialReplicas(serviceConfig);
      for (let replica = 1; replica <= count; replica += 1) {
        const values = { replica, port: replicaPort(serviceConfig.port, replica) };
        serviceConfig.probes.forEach((probe, index) =>
          probes.push(
            ...buildServiceProbes(replicaId(service, replica), serviceConfig, fillReplicaDeep(probe, values), index, deps, {
              service,
              replica: String(replica),
            }),
          ),
        );
      }
      continue;
    }
    serviceConfig.probes.forEach((probe, index) => probes.push(...buildServiceProbes(service, serviceConfig, probe, index, deps)));
  }
  if (config.machine !== false) {
    const machine = config.machine;
    const everyMs = machine.every;
    probes.push({
      id: MACHINE_PROBE_ID,
      group: MACHINE_GROUP,
      key: JSON.stringify(machine),
      everyMs,
      retryEveryMs: everyMs,
      timeoutMs: Math.min(everyMs, 10_000),
      retries: 0,
      paused: false,
      service: null,
      kind: 'system',
      target: 'this machine',
      role: 'readiness',
      series: new ProbeSeries(deps.index, { host: os.hostname() }),
      run: createSystemCheck(primedReader(createMachineReader({ mounts: machine.mounts, interfaces: machine.interfaces })), deps.onMachineSample),
    });
  }
  return probes;
}

/** A faster re-check while failing: a quarter of the interval, at least 1 s. */
export function defaultRetryEvery(everyMs: number): number {
  return Math.min(everyMs, Math.max(1_000, Math.round(everyMs / 4)));
}

/** The context a kind's check is built with, for a probe of `service` (also for a probe run once on request). */
export function probeContext(
  probe: ProbeConfig,
  service: { name: string; dir: string; env: NodeJS.ProcessEnv; pidFile: string | undefined; pid: () => number | null },
  deps: Pick<ProbeFactoryDeps, 'agents' | 'pluginProbe'>,
): ProbeContext {
  return {
    probe: { expect: probe.expect, shell: probe.shell, timeoutMs: probe.timeout },
    service,
    agents: deps.agents,
    ...(deps.pluginProbe === undefined ? {} : { pluginProbe: deps.pluginProbe }),
  };
}

/** A probe of a service; with `from`, one per place it runs, each labelled from="<place>". */
function buildServiceProbes(
  service: string,
  serviceConfig: ServiceConfig,
  probe: ProbeConfig,
  index: number,
  deps: ProbeFactoryDeps,
  serviceLabels: Record<string, string> = { service },
): MonitoredProbe[] {
  const kind = deps.probeKinds.require(probe.kind);
  const options = probe[probe.kind];
  const id = probeId(service, probe, index);
  const serviceDir = serviceConfig.cwd === undefined ? deps.workspaceDir : path.resolve(deps.workspaceDir, serviceConfig.cwd);
  const uses = kind.dependsOn ?? [];
  // Everything a check depends on is in the key: a change to any of it restarts the probe.
  const key = JSON.stringify({
    probe,
    serviceDir,
    env: uses.includes('env') ? serviceConfig.env : undefined,
    pidFile: uses.includes('pid_file') ? serviceConfig.pid_file : undefined,
  });
  const localCheck = (): MonitoredProbe['run'] =>
    kind.createCheck(
      options,
      probeContext(
        probe,
        { name: service, dir: serviceDir, env: { ...deps.processEnv, ...serviceConfig.env }, pidFile: serviceConfig.pid_file, pid: () => deps.pidOf(service) },
        deps,
      ),
    );
  // The `instance` label, as Prometheus sets it: host:port for network targets, else the target.
  const labels = { ...serviceLabels, probe: id.slice(service.length + 1), instance: kind.instance?.(options) ?? probe.target };
  const base = {
    group: service,
    everyMs: probe.every,
    retryEveryMs: probe.retry_every ?? defaultRetryEvery(probe.every),
    timeoutMs: probe.timeout,
    retries: probe.retries,
    paused: probe.paused,
    service,
    kind: probeKindOf(probe),
    target: probe.target,
    role: probe.role,
  };
  if (probe.from === undefined) return [{ ...base, id, key, series: new ProbeSeries(deps.index, labels), run: localCheck() }];
  return probe.from.map((place) => {
    const series = new ProbeSeries(deps.index, { ...labels, from: place });
    const target = `${probe.target} from ${place}`;
    if (place === LOCAL_HOST) return { ...base, id: `${id}@${place}`, key, target, series, run: localCheck() };
    const timeoutMs = probe.timeout + REMOTE_MARGIN_MS;
    return {
      ...base,
      id: `${id}@${place}`,
      key: `${key}@${place}`,
      target,
      timeoutMs,
      // Another host's view of the service never restarts it here: it gates readiness only.
      role: 'readiness' as const,
      series,
      run: remoteCheck(place, { service, probe: probe.source ?? {} }, timeoutMs, deps.remoteProbe),
    };
  });
}

/** A check run on an agent: an agent that cannot be asked fails the check with why (never silence). */
function remoteCheck(agent: string, input: { service: string; probe: Record<string, unknown> }, timeoutMs: number, call: RemoteProbeCall | undefined) {
  return async (): Promise<CheckResult> => {
    const started = performance.now();
    if (call === undefined) return failed(`agent ${agent}: agents are not reachable from here (no fleet)`, 0);
    try {
      return await call(agent, input, timeoutMs);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return failed(message.includes(agent) ? message : `agent ${agent}: ${message}`, since(started));
    }
  };
}
