import os from 'node:os';
import path from 'node:path';
import type { MachineSample } from '../../shared/types/monitoring';
import type { ProbeKind, ProbeRole } from '../../shared/types/service';
import { probeKindOf, toArgv, type ProbeKindKey, type ProbeConfig, type ServiceConfig, type WorkspaceConfig } from '../config/schema';
import { describeProbeTarget, probeId } from '../services/probe-summary';
import type { SeriesIndex } from '../store/series-index';
import { failed, type CheckResult, type ProbeCheck } from './check-result';
import type { HttpAgents } from './http-agents';
import { createCommandCheck } from './kinds/command-probe';
import { createHttpCheck, httpOptionsOf } from './kinds/http-probe';
import { createPluginCheck, type PluginProbeCall } from './kinds/plugin-probe';
import { createProcessCheck, processTargetOf, type ProcessProbeDeps } from './kinds/process-probe';
import { createPrometheusCheck } from './kinds/prometheus-probe';
import { createMachineReader, createSystemCheck } from './kinds/system-probe';
import { createTcpCheck, tcpOptionsOf } from './kinds/tcp-probe';
import { createTmuxCheck, tmuxOptionsOf } from './kinds/tmux-probe';
import { ProbeSeries } from './probe-series';
import type { ScheduledProbe } from './scheduler';

export const MACHINE_PROBE_ID = 'machine';
const MACHINE_GROUP = '\u0000machine';

/** A probe as the monitoring module runs it: the scheduler's view plus what it reports. */
export interface MonitoredProbe extends ScheduledProbe<CheckResult> {
  /** Null for the machine probe, which belongs to no service. */
  service: string | null;
  kind: ProbeKind | 'system';
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
  /** Runs a check of a plugin's probe kind in that plugin's process. */
  pluginProbe?: PluginProbeCall;
}

/** Every probe of the workspace, plus the machine probe unless `machine: false`. */
export function buildProbes(config: WorkspaceConfig, deps: ProbeFactoryDeps): MonitoredProbe[] {
  const probes: MonitoredProbe[] = [];
  for (const [service, serviceConfig] of Object.entries(config.services)) {
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
      run: createSystemCheck(createMachineReader({ mounts: machine.mounts, interfaces: machine.interfaces }), deps.onMachineSample),
    });
  }
  return probes;
}

/** A faster re-check while failing: a quarter of the interval, at least 1 s. */
export function defaultRetryEvery(everyMs: number): number {
  return Math.min(everyMs, Math.max(1_000, Math.round(everyMs / 4)));
}

function buildServiceProbe(service: string, serviceConfig: ServiceConfig, probe: ProbeConfig, index: number, deps: ProbeFactoryDeps): MonitoredProbe {
  const kind = probeKindOf(probe);
  const id = probeId(service, probe, index);
  const serviceDir = serviceConfig.cwd === undefined ? deps.workspaceDir : path.resolve(deps.workspaceDir, serviceConfig.cwd);
  // Everything a check depends on is in the key: a change to any of it restarts the probe.
  const key = JSON.stringify({
    probe,
    serviceDir,
    env: kind === 'command' ? serviceConfig.env : undefined,
    pidFile: kind === 'process' ? serviceConfig.pid_file : undefined,
  });
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
    kind,
    target: describeProbeTarget(probe),
    role: probe.role,
    series: new ProbeSeries(deps.index, { service, probe: id.slice(service.length + 1), instance: instanceOf(probe) }),
    run: createCheck(kind, service, serviceConfig, serviceDir, probe, deps),
  };
}

function createCheck(
  kind: ProbeKind,
  service: string,
  serviceConfig: ServiceConfig,
  serviceDir: string,
  probe: ProbeConfig,
  deps: ProbeFactoryDeps,
): ProbeCheck {
  if (probe.plugin !== undefined) {
    const { plugin } = probe.plugin;
    const call = deps.pluginProbe ?? (() => Promise.reject(new Error(`plugin ${plugin}: plugins do not run here`)));
    return createPluginCheck(probe.plugin.kind, plugin, probe.plugin.options, probe.timeout, call);
  }
  switch (kind as ProbeKindKey) {
    case 'http':
      return createHttpCheck(httpOptionsOf(probe), deps.agents);
    case 'tcp':
      return createTcpCheck(tcpOptionsOf(probe));
    case 'process':
      return createProcessCheck(processTargetOf(probe.process ?? 'self', service, serviceDir, serviceConfig.pid_file), deps);
    case 'command': {
      const argv = toArgv(probe.command ?? [], probe.shell);
      // The schema refuses commands that cannot be split; this keeps the type honest.
      if (!argv.ok) return async () => failed(argv.message, 0);
      return createCommandCheck({
        argv: argv.argv,
        cwd: serviceDir,
        env: { ...deps.processEnv, ...serviceConfig.env },
        exitCode: probe.expect.exit_code ?? 0,
        stdoutContains: probe.expect.stdout_contains,
        stdoutRegex: probe.expect.stdout_regex === undefined ? undefined : new RegExp(probe.expect.stdout_regex),
        maxMs: probe.expect.max_ms,
        timeoutMs: probe.timeout,
      });
    }
    case 'tmux':
      return createTmuxCheck(tmuxOptionsOf(probe.tmux ?? ''));
    case 'prometheus':
      return createPrometheusCheck(probe.prometheus ?? '', probe.timeout, deps.agents);
  }
}

/** The `instance` label, as Prometheus sets it: host:port for network targets, else the target. */
function instanceOf(probe: ProbeConfig): string {
  if (probe.prometheus !== undefined) return new URL(probe.prometheus).host;
  if (probe.plugin !== undefined) return describeProbeTarget(probe);
  if (probe.http !== undefined) return httpOptionsOf(probe).url;
  return describeProbeTarget(probe);
}
