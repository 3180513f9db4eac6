import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnalysisStateStore, type EpisodeRow } from '../../../src/core/analysis/analysis-state-store';
import { IncidentGrouper, MAX_HELD_EPISODES } from '../../../src/core/analysis/incident-grouper';
import { openDatabase } from '../../../src/core/store/database';
import type { AnomalyInsight } from '../../../src/shared/types/insights';
import { tempDir } from '../../helpers/temp-dir';

const MINUTE = 60_000;

function machineEpisode(metric: string, startedAt: number, peakScore = 0.99): AnomalyInsight {
  const selector = `${metric}{}`;
  return {
    kind: 'anomaly',
    id: `anomaly-${startedAt}-${metric}`,
    series: { metric, labels: {}, selector },
    service: null,
    startedAt,
    endedAt: null,
    lastAt: startedAt,
    peakScore,
    value: 1,
    typical: 0,
    summary: `${selector} is 1, typically 0`,
  };
}

/** An ongoing incident's "N more series" is saved with its episodes (real SQLite) and restored with them. */
describe('an incident restored after a restart', () => {
  it('counts the same series beyond those it lists, with their peak', () => {
    const file = path.join(tempDir(), 'zervigo.db');
    const before = new IncidentGrouper<AnomalyInsight>(5 * MINUTE);
    for (let i = 0; i < 60; i++) before.add(machineEpisode(`m_${i}`, i, i === 15 ? 1 : 0.99));
    const [listed] = before.list();
    expect(listed?.moreSeries).toBe(10);
    expect(listed?.peakScore).toBe(1);

    const db = openDatabase(file);
    const episodes: EpisodeRow[] = [];
    const more = [];
    for (const incident of before.ongoing()) {
      for (const episode of incident.episodes) episodes.push({ incidentId: incident.id, seriesId: null, episode });
      more.push({ incidentId: incident.id, ...incident.more });
    }
    new AnalysisStateStore(db).save([], 1_000, episodes, more);
    db.close();

    const reopened = openDatabase(file);
    const store = new AnalysisStateStore(reopened);
    const after = new IncidentGrouper<AnomalyInsight>(5 * MINUTE);
    const saved = store.loadEpisodes();
    const savedMore = store.loadMore();
    for (const id of new Set(saved.map((row) => row.incidentId))) {
      after.restore(
        id,
        saved.filter((row) => row.incidentId === id).map((row) => row.episode),
        savedMore.get(id),
      );
    }
    reopened.close();
    const [restored] = after.list();
    expect(restored?.id).toBe(listed?.id);
    expect(restored?.series).toHaveLength(MAX_HELD_EPISODES);
    expect(restored?.moreSeries).toBe(10);
    expect(restored?.peakScore).toBe(1);
    // A counted series anomalous again after the restart is still one series.
    after.add(machineEpisode('m_12', 100));
    const [again] = after.list();
    expect((again?.series.length ?? 0) + (again?.moreSeries ?? 0)).toBe(60);
  });
});
