import type { AnomalyInsight } from '../../shared/types/insights';
import type { Database } from '../store/database';

/**
 * Where analysed series keep their learned state between runs: one row per series and kind,
 * and the anomaly episodes of the incidents still going on, written in one transaction per save
 * so a crash leaves the previous save whole (an episode and the detector that is in it agree).
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

export class AnalysisStateStore {
  private readonly selectOne;
  private readonly upsert;
  private readonly selectEpisodes;
  private readonly writeMany;

  constructor(db: Database) {
    this.selectOne = db.prepare<[number, string], { state: Buffer }>('SELECT state FROM analysis_state WHERE series_id = ? AND kind = ?');
    this.upsert = db.prepare<[number, string, number, Buffer]>(
      'INSERT INTO analysis_state (series_id, kind, updated_at, state) VALUES (?, ?, ?, ?) ON CONFLICT (series_id, kind) DO UPDATE SET updated_at = excluded.updated_at, state = excluded.state',
    );
    this.selectEpisodes = db.prepare<[], { incident_id: string; series_id: number | null; episode: string }>(
      'SELECT incident_id, series_id, episode FROM anomaly_episodes',
    );
    const clearEpisodes = db.prepare('DELETE FROM anomaly_episodes');
    const insertEpisode = db.prepare<[string, string, number | null, string]>(
      'INSERT INTO anomaly_episodes (id, incident_id, series_id, episode) VALUES (?, ?, ?, ?)',
    );
    this.writeMany = db.transaction((rows: StateRow[], episodes: readonly EpisodeRow[] | undefined, at: number) => {
      for (const row of rows) this.upsert.run(row.seriesId, row.kind, at, Buffer.from(row.state.buffer, row.state.byteOffset, row.state.byteLength));
      if (episodes === undefined) return;
      clearEpisodes.run();
      for (const row of episodes) insertEpisode.run(row.episode.id, row.incidentId, row.seriesId, JSON.stringify(row.episode));
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

  /** Writes `rows`; `episodes`, when given, replace the saved episodes (all of them: an ended incident's leave). */
  save(rows: StateRow[], at: number, episodes?: readonly EpisodeRow[]): void {
    if (rows.length > 0 || episodes !== undefined) this.writeMany(rows, episodes, at);
  }
}
