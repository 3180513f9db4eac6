import type { AlertView } from '../../src/shared/types/alerts';
import { quantile } from '../../src/core/analysis/advice/robust-stats';
import type { TopologyService } from '../../test/fixtures/rca/rca-workspace';
import type { ConsoleApi } from './console-api';

/**
 * The three baselines, computed on the same run as the engine's ranking, from what the run
 * produced: its alerts (as the console lists them) and its series (through the query API).
 * Each ranks services; Top-1 is the first.
 */

/** Alerts of a service that were firing at some time between the onset and the decision (an alert already firing at the onset counts). */
function firingInWindow(alerts: AlertView[], onsetMs: number, decisionMs: number): { service: string; firedAt: number }[] {
  const firstFired = new Map<string, number>();
  for (const alert of alerts) {
    const service = alert.labels.service;
    if (service === undefined || alert.firedAt === null || alert.firedAt > decisionMs) continue;
    if (alert.resolvedAt !== null && alert.resolvedAt < onsetMs) continue;
    firstFired.set(service, Math.min(firstFired.get(service) ?? Infinity, alert.firedAt));
  }
  return [...firstFired].map(([service, firedAt]) => ({ service, firedAt })).sort((a, b) => a.firedAt - b.firedAt);
}

/** "The service whose alert fired first." */
export function firstAlertBaseline(alerts: AlertView[], onsetMs: number, decisionMs: number): string[] {
  return firingInWindow(alerts, onsetMs, decisionMs).map((entry) => entry.service);
}

/**
 * "The most downstream service with a firing alert": one that alerts while none of its declared
 * dependencies do; of several, the one most alerting services depend on (through declared links),
 * then the earliest. The rest follow in the same order.
 */
export function downstreamBaseline(alerts: AlertView[], topology: TopologyService[], onsetMs: number, decisionMs: number): string[] {
  const firing = firingInWindow(alerts, onsetMs, decisionMs);
  const alerting = new Set(firing.map((entry) => entry.service));
  const dependsOn = new Map(topology.map((entry) => [entry.name, entry.dependsOn]));
  const declaredBelow = (service: string, seen = new Set<string>()): Set<string> => {
    for (const dependency of dependsOn.get(service) ?? []) {
      if (seen.has(dependency)) continue;
      seen.add(dependency);
      declaredBelow(dependency, seen);
    }
    return seen;
  };
  const isRoot = (service: string): boolean => !(dependsOn.get(service) ?? []).some((dependency) => alerting.has(dependency));
  const dependents = (service: string): number => [...alerting].filter((other) => declaredBelow(other).has(service)).length;
  const services = firing.map((entry) => entry.service);
  const order = (list: string[]): string[] => [...list].sort((a, b) => dependents(b) - dependents(a));
  return [...order(services.filter(isRoot)), ...order(services.filter((service) => !isRoot(service)))];
}

/** The series robust deviation reads per service, each with the smallest change that counts (so a flat series is not infinitely deviant). */
const deviationSeries: { query: (service: string) => string; floor: number; absentIsZero?: boolean }[] = [
  { query: (service) => `probe_duration_seconds{service="${service}"}`, floor: 0.005 },
  { query: (service) => `probe_success{service="${service}"}`, floor: 0.05 },
  { query: (service) => `process_cpu_usage_percent{service="${service}"}`, floor: 1 },
  { query: (service) => `process_resident_memory_bytes{service="${service}"}`, floor: 1024 * 1024 },
  // A service's error-line counter exists from its first error line: before that it counted none.
  { query: (service) => `rate(log_lines_total{service="${service}",level="error"}[10s])`, floor: 0.2, absentIsZero: true },
  { query: (service) => `fault_service_data_bytes{service="${service}"}`, floor: 1024 * 1024 },
];

/** |median after − median before| over the before-window's IQR (BARO's robust score), largest over the service's series. */
export function robustScore(before: number[], after: number[], floor: number): number {
  if (before.length < 3 || after.length === 0) return 0;
  const median = quantile(before, 0.5);
  const spread = Math.max(quantile(before, 0.75) - quantile(before, 0.25), floor);
  return Math.abs(quantile(after, 0.5) - median) / spread;
}

/** "Robust deviation alone, without the graph": services by their largest scaled deviation. */
export async function robustDeviationBaseline(api: ConsoleApi, services: string[], fromMs: number, onsetMs: number, decisionMs: number): Promise<string[]> {
  const scores = new Map<string, number>();
  for (const service of services) {
    let best = 0;
    for (const series of deviationSeries) {
      const result = await api.range(series.query(service), fromMs, decisionMs);
      for (const { values } of result) {
        const finite = values.filter(([, value]) => Number.isFinite(value));
        let before = finite.filter(([time]) => time * 1000 < onsetMs).map(([, value]) => value);
        if (series.absentIsZero === true && before.length < 3) before = new Array<number>(Math.max(3, Math.round((onsetMs - fromMs) / 1000))).fill(0);
        const after = finite.filter(([time]) => time * 1000 >= onsetMs).map(([, value]) => value);
        best = Math.max(best, robustScore(before, after, series.floor));
      }
    }
    scores.set(service, best);
  }
  return [...scores]
    .filter(([, score]) => score > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([service]) => service);
}
