import { describe, expect, it } from 'vitest';
import { IncidentGrouper, MAX_HELD_EPISODES, type EpisodeView } from '../../../src/core/analysis/incident-grouper';

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

function machineEpisode(metric: string, startedAt: number, labels: Record<string, string> = {}, peakScore = 0.99): EpisodeView {
  const selector = `${metric}{${Object.entries(labels)
    .map(([name, value]) => `${name}="${value}"`)
    .join(',')}}`;
  return { id: `anomaly-${startedAt}-${selector}`, series: { metric, labels, selector }, service: null, startedAt, endedAt: null, peakScore };
}

describe('incidents of machine series (no service label)', () => {
  it('a machine anomaly starting every 20 s for an hour does not make one hour-long incident', () => {
    const grouper = new IncidentGrouper(5 * MINUTE);
    for (let at = 0; at < 60 * MINUTE; at += 20_000) grouper.add(machineEpisode(`machine_metric_${at}`, at));
    const incidents = grouper.list();
    // Each incident takes the starts up to one window after its first (16 of 180): 12 incidents, the newest with the last 4.
    expect(incidents.map((incident) => incident.series.length)).toEqual([4, ...Array<number>(11).fill(16)]);
    for (const incident of incidents) {
      const lastStart = Number(incident.series.at(-1)?.metric.replace('machine_metric_', ''));
      expect(lastStart - incident.startedAt).toBeLessThanOrEqual(5 * MINUTE);
    }
  });

  it('group per machine: another host moving at the same moment is another incident', () => {
    const grouper = new IncidentGrouper(5 * MINUTE);
    const a = grouper.add(machineEpisode('cpu', 0, { host: 'a' }));
    expect(grouper.add(machineEpisode('memory', MINUTE, { host: 'a' }))).toBe(a);
    expect(grouper.add(machineEpisode('cpu', MINUTE, { host: 'b' }))).not.toBe(a);
  });

  it('join a service incident only close to its first move', () => {
    const grouper = new IncidentGrouper(5 * MINUTE);
    grouper.configure(5 * MINUTE, { api: [] });
    const api = grouper.add(episode('api', 0));
    expect(grouper.add(machineEpisode('cpu', 4 * MINUTE))).toBe(api);
    // api moving again keeps the chain going, but a machine series 7 minutes after the first move does not join.
    expect(grouper.add(episode('api', 6 * MINUTE))).toBe(api);
    expect(grouper.add(machineEpisode('memory', 7 * MINUTE))).not.toBe(api);
  });

  it('10,000 anomalous series keep what one incident holds bounded, counting the rest', () => {
    const grouper = new IncidentGrouper(5 * MINUTE);
    for (let i = 0; i < 10_000; i++) grouper.add(machineEpisode(`m_${i}`, i, {}, i === 9_000 ? 1 : 0.99));
    const [incident] = grouper.list();
    expect(grouper.list()).toHaveLength(1);
    expect(incident?.series).toHaveLength(MAX_HELD_EPISODES);
    expect(incident?.moreSeries).toBe(10_000 - MAX_HELD_EPISODES);
    expect(incident?.firstMover.selector).toBe('m_0{}');
    // The strongest is kept whenever it came.
    expect(incident?.series.some((series) => series.metric === 'm_9000')).toBe(true);
    expect(incident?.peakScore).toBe(1);
    expect(incident?.summary).toContain(`and ${10_000 - MAX_HELD_EPISODES} more series not listed`);
    expect(grouper.ongoing()[0]?.episodes).toHaveLength(MAX_HELD_EPISODES);
  });
});

describe('series counted beyond what an incident holds', () => {
  it('counts a series once however often it goes anomalous, and not at all while one of its episodes is held', () => {
    const grouper = new IncidentGrouper(5 * MINUTE);
    for (let i = 0; i < 60; i++) grouper.add(machineEpisode(`m_${i}`, i));
    // 20 of the series go anomalous a second time within the incident: still 60 distinct series.
    for (let i = 10; i < 30; i++) grouper.add(machineEpisode(`m_${i}`, 1_000 + i));
    const [incident] = grouper.list();
    expect(grouper.list()).toHaveLength(1);
    expect(incident?.series).toHaveLength(MAX_HELD_EPISODES);
    expect((incident?.series.length ?? 0) + (incident?.moreSeries ?? 0)).toBe(60);
    expect(incident?.summary).toContain('and 10 more series not listed');
  });

  it('lists a single series anomalous twice as an anomaly, not as an incident of two series', () => {
    const grouper = new IncidentGrouper(5 * MINUTE);
    grouper.add(episode('api', 0, MINUTE));
    grouper.add(episode('api', 2 * MINUTE));
    expect(grouper.list(2)).toEqual([]);
    expect(grouper.list()[0]?.series).toHaveLength(1);
  });
});

describe('incidents of services that depend on each other', () => {
  it('db -> api: api slowing after db is one incident with db as the first mover', () => {
    const grouper = new IncidentGrouper(5 * MINUTE);
    grouper.configure(5 * MINUTE, { db: [], api: ['db'], batch: [] });
    const id = grouper.add(episode('db', 0));
    expect(grouper.add(episode('api', 2 * MINUTE))).toBe(id);
    expect(grouper.add(episode('batch', 3 * MINUTE))).not.toBe(id);
    const incident = grouper.list().find((other) => other.id === id);
    expect(incident?.firstMover.selector).toBe('latency_seconds{service="db"}');
    expect(incident?.services).toEqual(['db', 'api']);
    expect(incident?.summary).toBe('db, api: latency_seconds{service="db"} moved first, then 1 more series');
  });

  it('a chain of related starts each within the window stops joining after a bounded span', () => {
    const grouper = new IncidentGrouper(5 * MINUTE);
    grouper.configure(5 * MINUTE, { api: [] });
    const ids = new Set<string>();
    for (let at = 0; at < 60 * MINUTE; at += 4 * MINUTE) ids.add(grouper.add(episode('api', at)));
    // Starts 4 minutes apart: each incident takes starts up to 15 minutes after its first (4 starts).
    expect(ids.size).toBe(4);
  });
});
