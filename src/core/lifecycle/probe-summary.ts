import type { ProbeSummary } from '../../shared/types/service';
import { probeKindOf, type ProbeConfig } from '../config/schema';

/** A stable id and a one-line target for each probe of a service: "api/http#0", "GET http://...". */
export function probeId(serviceName: string, probe: ProbeConfig, index: number): string {
  return `${serviceName}/${probe.name ?? `${probeKindOf(probe)}#${index}`}`;
}

export function summarizeProbes(serviceName: string, probes: ProbeConfig[]): ProbeSummary[] {
  return probes.map((probe, index) => ({
    id: probeId(serviceName, probe, index),
    kind: probeKindOf(probe),
    target: probe.target,
    everyMs: probe.every,
    role: probe.role,
  }));
}
