import { describe, expect, it } from 'vitest';
import { IncidentGrouper, type EpisodeView } from '../../../src/core/analysis/incident-grouper';

const MINUTE = 60_000;

function episode(service: string, startedAt: number, endedAt: number | null = null): EpisodeView {
  const selector = `latency_seconds{service="${service}"}`;
  return {
    id: `anomaly-${startedAt}-${service}`,
    series: { metric: 'latency_seconds', labels: { service }, selector },
    service,
    startedAt,
    endedAt,
    peakScore: 0.99,
  };
}

describe('incidents restored after a restart', () => {
  it('keep their ids and episodes, take related new episodes, and new incidents never reuse their number', () => {
    const grouper = new IncidentGrouper(5 * MINUTE);
    grouper.configure(5 * MINUTE, { api: [], web: ['api'], batch: [] });
    grouper.restore('incident-1000-7', [episode('api', 1_000, 2_000), episode('web', 2_000)]);
    expect(grouper.ongoing().map((incident) => incident.id)).toEqual(['incident-1000-7']);

    // A related episode close in time joins it; an unrelated one is a new incident with a later number.
    expect(grouper.add(episode('api', 3 * MINUTE))).toBe('incident-1000-7');
    expect(grouper.add(episode('batch', 4 * MINUTE))).toBe(`incident-${4 * MINUTE}-8`);
    expect(grouper.list().map((incident) => [incident.id, incident.series.length, incident.endedAt])).toEqual([
      [`incident-${4 * MINUTE}-8`, 1, null],
      ['incident-1000-7', 2, null],
    ]);
  });

  it('lists as ongoing only incidents with an open episode', () => {
    const grouper = new IncidentGrouper(5 * MINUTE);
    const ended = episode('api', 1_000, 2_000);
    grouper.add(ended);
    expect(grouper.ongoing()).toEqual([]);
    const open = episode('api', 3_000);
    grouper.add(open);
    expect(grouper.ongoing()[0]?.episodes).toEqual([ended, open]);
  });
});
