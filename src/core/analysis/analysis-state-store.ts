import type { AnomalyInsight } from '../../shared/types/insights';
import type { Database } from '../store/database';

/**
 * Where analysed series keep their learned state between runs: one row per series and kind,
 * and the anomaly episodes of the incidents still going on. Each save is one transaction, so a
 * crash leaves the previous one whole. The engine saves detectors in slices and the episodes with
 * any save after one began or ended (analysis-module.ts): a saved detector is never in an episode
 * the saved episodes do not know; one saved before its episode began is waited for at restore.
 */
export type AnalysisStateKind = 'anomaly' | 'forecast';

export interface StateRow {
  seriesId: number;
  kind: AnalysisStateKind;
  state: Uint8Array;
}

/** One episode of an ongoing incident; `seriesId` is the scored series while the episode is open (null once ended). */
export interface EpisodeRow {
  incidentId: string;
  seriesId: number | null;
  episode: AnomalyInsight;
}

/** The series an ongoing incident counts beyond the episodes it holds (incident-grouper.ts), and their peak score. */
export interface IncidentMoreRow {
  incidentId: string;
  series: string[];
  peak: number;
}

export class AnalysisStateStore {
  private readonly selectOne;
  private readonly upsert;
  private readonly selectEpisodes;
  private readonly selectMore;
  private readonly writeMany;

  constructor(db: Database) {
    this.selectOne = db.prepare<[number, string], { state: Buffer }>('SELECT state FROM analysis_state WHERE series_id = ? AND kind = ?');
    this.upsert = db.prepare<[number, string, number, Buffer]>(
      'INSERT INTO analysis_state (series_id, kind, updated_at, state) VALUES (?, ?, ?, ?) ON CONFLICT (series_id, kind) DO UPDATE SET updated_at = excluded.updated_at, state = excluded.state',
    );
    this.selectEpisodes = db.prepare<[], { incident_id: string; series_id: number | null; episode: string }>(
      'SELECT incident_id, series_id, episode FROM anomaly_episodes',
    );
    this.selectMore = db.prepare<[], { incident_id: string; series: string; peak: number }>('SELECT incident_id, series, peak FROM anomaly_incident_more');
    const clearEpisodes = db.prepare('DELETE FROM anomaly_episodes');
    const clearMore = db.prepare('DELETE FROM anomaly_incident_more');
    const insertMore = db.prepare<[string, string, number]>('INSERT INTO anomaly_incident_more (incident_id, series, peak) VALUES (?, ?, ?)');
    const insertEpisode = db.prepare<[string, string, number | null, string]>(
      'INSERT INTO anomaly_episodes (id, incident_id, series_id, episode) VALUES (?, ?, ?, ?)',
    );
    this.writeMany = db.transaction((rows: Iterable<StateRow>, episodes: readonly EpisodeRow[] | undefined, more: readonly IncidentMoreRow[], at: number) => {
      for (const row of rows) this.upsert.run(row.seriesId, row.kind, at, Buffer.from(row.state.buffer, row.state.byteOffset, row.state.byteLength));
      if (episodes === undefined) return;
      clearEpisodes.run();
      for (const row of episodes) insertEpisode.run(row.episode.id, row.incidentId, row.seriesId, JSON.stringify(row.episode));
      clearMore.run();
      for (const row of more) insertMore.run(row.incidentId, JSON.stringify(row.series), row.peak);
    });
  }

  load(seriesId: number, kind: AnalysisStateKind): Uint8Array | undefined {
    const row = this.selectOne.get(seriesId, kind);
    return row === undefined ? undefined : new Uint8Array(row.state.buffer, row.state.byteOffset, row.state.byteLength);
  }

  /** The episodes saved last, oldest start first. */
  loadEpisodes(): EpisodeRow[] {
    return this.selectEpisodes
      .all()
      .map((row) => ({ incidentId: row.incident_id, seriesId: row.series_id, episode: JSON.parse(row.episode) as AnomalyInsight }))
      .sort((a, b) => a.episode.startedAt - b.episode.startedAt);
  }

  /** What each ongoing incident counted beyond its episodes when last saved, by incident id. */
  loadMore(): Map<string, IncidentMoreRow> {
    return new Map(
      this.selectMore.all().map((row) => [row.incident_id, { incidentId: row.incident_id, series: JSON.parse(row.series) as string[], peak: row.peak }]),
    );
  }

  /**
   * Writes `rows` (taken one by one inside the transaction: a lazy iterable may stop when its
   * slice of time is used); `episodes`, when given, replace the saved episodes (all of them: an
   * ended incident's leave), and `more` what the incidents count beyond them.
   */
  save(rows: Iterable<StateRow>, at: number, episodes?: readonly EpisodeRow[], more: readonly IncidentMoreRow[] = []): void {
    if (Array.isArray(rows) && rows.length === 0 && episodes === undefined) return;
    this.writeMany(rows, episodes, more, at);
  }
}
