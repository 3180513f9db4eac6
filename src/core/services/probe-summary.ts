import type { ProbeSummary } from '../../shared/types/service';
import { probeKindOf, type ProbeConfig } from '../config/schema';

/** A stable id and a one-line target for each probe of a service: "api/http#0", "GET http://...". */
export function probeId(serviceName: string, probe: ProbeConfig, index: number): string {
  return `${serviceName}/${probe.name ?? `${probeKindOf(probe)}#${index}`}`;
}

export function describeProbeTarget(probe: ProbeConfig): string {
  if (probe.http !== undefined) return typeof probe.http === 'string' ? probe.http : `${probe.http.method} ${probe.http.url}`;
  if (probe.tcp !== undefined) return typeof probe.tcp === 'string' ? probe.tcp : probe.tcp.address;
  if (probe.process !== undefined) {
    if (probe.process === 'self') return 'own process';
    return 'pid_file' in probe.process ? `pid file ${probe.process.pid_file}` : `process matching ${probe.process.match}`;
  }
  if (probe.command !== undefined) return Array.isArray(probe.command) ? probe.command.join(' ') : probe.command;
  if (probe.tmux !== undefined)
    return typeof probe.tmux === 'string'
      ? probe.tmux
      : [probe.tmux.session, probe.tmux.window, probe.tmux.pane].filter((part) => part !== undefined).join(':');
  if (probe.plugin !== undefined) return pluginTarget(probe.plugin.options) ?? `${probe.plugin.kind} (plugin ${probe.plugin.plugin})`;
  return probe.prometheus ?? '';
}

/** A plugin probe's target, where its options name one the usual way. */
function pluginTarget(options: unknown): string | null {
  if (typeof options === 'string') return options;
  if (typeof options !== 'object' || options === null) return null;
  const named = ['url', 'address', 'host', 'target'].map((key) => (options as Record<string, unknown>)[key]).find((value) => typeof value === 'string');
  return named ?? null;
}

export function summarizeProbes(serviceName: string, probes: ProbeConfig[]): ProbeSummary[] {
  return probes.map((probe, index) => ({
    id: probeId(serviceName, probe, index),
    kind: probeKindOf(probe),
    target: describeProbeTarget(probe),
    everyMs: probe.every,
    role: probe.role,
  }));
}
