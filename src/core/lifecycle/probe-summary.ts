import type { ProbeSummary } from '../../shared/types/service';
import { LOCAL_HOST } from '../../shared/fleet-hosts';
import { probeKindOf, type ProbeConfig } from '../config/schema';

/** A stable id and a one-line target for each probe of a service: "api/http#0", "GET http://...". */
export function probeId(serviceName: string, probe: ProbeConfig, index: number): string {
  return `${serviceName}/${probe.name ?? `${probeKindOf(probe)}#${index}`}`;
}

/** One summary per probe, and per place for a probe with `from` ("api/http#0@beta", checked on agent beta). */
export function summarizeProbes(serviceName: string, probes: ProbeConfig[]): ProbeSummary[] {
  return probes.flatMap((probe, index) => {
    const summary = { id: probeId(serviceName, probe, index), kind: probeKindOf(probe), target: probe.target, everyMs: probe.every, role: probe.role };
    if (probe.from === undefined) return [summary];
    return probe.from.map((place) => ({
      ...summary,
      id: `${summary.id}@${place}`,
      target: `${summary.target} from ${place}`,
      role: place === LOCAL_HOST ? probe.role : ('readiness' as const),
    }));
  });
}
