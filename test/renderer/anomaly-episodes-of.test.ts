import { describe, expect, it } from 'vitest';
import { episodesOf } from '../../src/renderer/src/pages/service/use-anomaly-markers';
import type { AnomalyInsight } from '../../src/shared/types/insights';

function anomaly(metric: string, labels: Record<string, string>, startedAt: number, endedAt: number | null): AnomalyInsight {
  return {
    kind: 'anomaly',
    id: `anomaly-${startedAt}`,
    series: { metric, labels, selector: metric },
    service: labels.service ?? null,
    startedAt,
    endedAt,
    lastAt: endedAt ?? startedAt,
    peakScore: 0.995,
    value: 0.45,
    typical: 0.001,
    summary: '',
  };
}

describe("a chart's anomaly episodes", () => {
  it("are those of the chart's metric on series carrying all the chart's labels", () => {
    const anomalies = [
      anomaly('probe_duration_seconds', { service: 'api', probe: 'http' }, 1000, 5000),
      anomaly('probe_duration_seconds', { service: 'db', probe: 'tcp' }, 2000, null),
      anomaly('probe_success', { service: 'api', probe: 'http' }, 3000, null),
    ];
    expect(episodesOf(anomalies, 'probe_duration_seconds', { service: 'api' })).toEqual([{ start: 1000, end: 5000 }]);
    expect(episodesOf(anomalies, 'probe_success', { service: 'api' })).toEqual([{ start: 3000, end: null }]);
    expect(episodesOf(anomalies, 'probe_duration_seconds', { service: 'web' })).toEqual([]);
  });
});
