import { describe, expect, it } from 'vitest';
import { downstreamBaseline, firstAlertBaseline, robustScore } from '../../bench/rca/baselines';
import { culpritsOf, engineHit, type Culprit } from '../../bench/rca/culprits';
import { incidentOfFault, type IncidentAnswer, type RankedCause } from '../../bench/rca/engine-ranking';
import type { AlertView } from '../../src/shared/types/alerts';
import { defaultTopology } from '../fixtures/rca/rca-workspace';
import { alertView } from '../fixtures/views';

/** The root-cause bench's scoring: what counts as naming the cause, and the three baselines. */
const services = defaultTopology.map((entry) => entry.name);

function alert(service: string, firedAt: number, resolvedAt: number | null = null): AlertView {
  return alertView({
    alertname: 'ServiceDown',
    fingerprint: `${service}-${firedAt}`,
    ruleId: 'ServiceDown',
    labels: { service },
    state: resolvedAt === null ? 'firing' : 'resolved',
    severity: 'critical',
    activeAt: firedAt - 2_000,
    firedAt,
    resolvedAt,
  });
}

const cause = (kind: RankedCause['kind'], target: string, evidence: unknown[] = []): RankedCause => ({ kind, target, score: 1, evidence });

describe('culprits of a ranking', () => {
  it('reduces series and patterns to their service, once each, in rank order', () => {
    const culprits = culpritsOf(
      [
        cause('series', 'probe_duration_seconds{service="db",probe="http#0"}'),
        cause('service', 'db'),
        cause('pattern', 'upstream <*> failed', [{ service: 'api' }]),
        { ...cause('series', 'process_cpu_usage_percent'), service: 'api' },
        cause('service', 'auth'),
      ],
      services,
    );
    expect(culprits).toEqual<Culprit[]>([
      { kind: 'service', service: 'db' },
      { kind: 'service', service: 'api' },
      { kind: 'service', service: 'auth' },
    ]);
  });

  it('a change is right only as the change that was made (its workspace version, or the restart that applied it); a service fault only as that service', () => {
    const truth = { service: 'web', change: true, versionId: 3 };
    const named = (target: string, evidence: unknown[] = []): Culprit | undefined => culpritsOf([cause('change', target, evidence)], services)[0];
    expect(engineHit(named('workspace version 3'), truth)).toBe(true);
    expect(
      engineHit(named('edit of web', [{ kind: 'change', text: 'env changed', link: { kind: 'workspace', versionId: 3, previousVersionId: 2 } }]), truth),
    ).toBe(true);
    expect(engineHit(named('restart web'), truth)).toBe(true);
    expect(engineHit(named('workspace version 2'), truth)).toBe(false);
    expect(engineHit(named('workspace version 33'), truth)).toBe(false);
    // The service's first start, before the fault, is a change of that service but not the one made.
    expect(engineHit(named('start web'), truth)).toBe(false);
    expect(engineHit({ kind: 'service', service: 'web' }, truth)).toBe(false);
    expect(engineHit({ kind: 'service', service: 'db' }, { service: 'db', change: false })).toBe(true);
    expect(engineHit(undefined, { service: 'db', change: false })).toBe(false);
  });

  it("takes the incident open at the fault's onset, or opened after it, newest first", () => {
    const incident = (id: number, startMs: number, endMs: number | null): IncidentAnswer => ({ id, startMs, endMs, causes: [] });
    expect(incidentOfFault([incident(2, 500, null), incident(1, 100, 200)], 300)?.id).toBe(2);
    expect(incidentOfFault([incident(1, 100, 200)], 300)).toBeUndefined();
  });
});

describe('baselines', () => {
  const onset = 10_000;
  it('first alert: the earliest fired in the window, an alert still firing at the onset included, one resolved before it not', () => {
    const alerts = [alert('api', 14_000), alert('queue', 5_000), alert('web', 3_000, 6_000), alert('db', 15_000)];
    expect(firstAlertBaseline(alerts, onset, 20_000)).toEqual(['queue', 'api', 'db']);
  });

  it('downstream: a service that alerts while none of its declared dependencies do comes first', () => {
    const alerts = [alert('gateway', 12_000), alert('api', 13_000), alert('db', 14_000)];
    expect(downstreamBaseline(alerts, defaultTopology, onset, 20_000)).toEqual(['db', 'gateway', 'api']);
  });

  it('downstream cannot see an undeclared dependency: worker looks like the root when store fails', () => {
    const alerts = [alert('worker', 12_000)];
    expect(downstreamBaseline(alerts, defaultTopology, onset, 20_000)).toEqual(['worker']);
  });

  it('robust deviation: the shift of the median over the spread before, with a floor for flat series', () => {
    expect(robustScore([1, 2, 3, 2, 1], [10, 11, 10], 0.1)).toBeCloseTo(8 / 1);
    expect(robustScore([5, 5, 5, 5], [6, 6], 0.5)).toBe(2);
    expect(robustScore([5, 5], [6, 6], 0.5)).toBe(0);
  });
});
