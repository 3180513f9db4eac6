import os from 'node:os';
import path from 'node:path';
import type { MachineSample } from '../../shared/types/monitoring';
import type { ProbeKind, ProbeRole } from '../../shared/types/service';
import { probeKindOf, type ProbeConfig, type ServiceConfig, type WorkspaceConfig } from '../config/schema';
import { probeId } from '../lifecycle/probe-summary';
import { fillReplicaDeep, initialReplicas, isReplicated, replicaId, replicaPort } from '../config/replica-variables';
import type { SeriesIndex } from '../store/series-index';
import type { CheckResult } from './check-result';
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
}

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
            buildServiceProbe(replicaId(service, replica), serviceConfig, fillReplicaDeep(probe, values), index, deps, { service, replica: String(replica) }),
          ),
        );
      }
      continue;
    }
    serviceConfig.probes.forEach((probe, index) => probes.push(buildServiceProbe(service, serviceConfig, probe, index, deps)));
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

function buildServiceProbe(
  service: string,
  serviceConfig: ServiceConfig,
  probe: ProbeConfig,
  index: number,
  deps: ProbeFactoryDeps,
  labels: Record<string, string> = { service },
): MonitoredProbe {
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
  const context: ProbeContext = {
    probe: { expect: probe.expect, shell: probe.shell, timeoutMs: probe.timeout },
    service: {
      name: service,
      dir: serviceDir,
      env: { ...deps.processEnv, ...serviceConfig.env },
      pidFile: serviceConfig.pid_file,
      pid: () => deps.pidOf(service),
    },
    agents: deps.agents,
    ...(deps.pluginProbe === undefined ? {} : { pluginProbe: deps.pluginProbe }),
  };
  return {
    id,
    group: service,
    key,
    everyMs: probe.every,
    retryEveryMs: probe.retry_every ?? defaultRetryEvery(probe.every),
    timeoutMs: probe.timeout,
    retries: probe.retries,
    paused: probe.paused,
    service,
    kind: probeKindOf(probe),
    target: probe.target,
    role: probe.role,
    // The `instance` label, as Prometheus sets it: host:port for network targets, else the target.
    series: new ProbeSeries(deps.index, { ...labels, probe: id.slice(service.length + 1), instance: kind.instance?.(options) ?? probe.target }),
    run: kind.createCheck(options, context),
  };
}
