import type { AnomalyInsight } from '../../shared/types/insights';
import type { Database } from '../store/database';

/**
 * Where analysed series keep their learned state between runs: one row per series and kind,
 * and the anomaly episodes the console keeps (ended ones and those of incidents still going on),
 * with the incidents they formed. Each save is one transaction, so a crash leaves the previous
 * one whole. An ended episode never changes again: it is written once, and deleted when the
 * console no longer keeps it; open ones are written with every episode save. The engine saves
 * detectors in slices and the episodes with any save after one began or ended
 * (analysis-module.ts): a saved detector is never in an episode the saved episodes do not know;
 * one saved before its episode began is waited for at restore.
 */
export type AnalysisStateKind = 'anomaly' | 'forecast';

export interface StateRow {
  seriesId: number;
  kind: AnalysisStateKind;
  state: Uint8Array;
}

/** One episode kept; `seriesId` is the scored series while the episode is open (null once ended). */
export interface EpisodeRow {
  /** The incident it formed with others ('': that incident is no longer kept). */
  incidentId: string;
  seriesId: number | null;
  episode: AnomalyInsight;
}

/** The series a kept incident counts beyond the episodes it holds (incident-grouper.ts), and their peak score. */
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
  /** The episode ids the table holds (null: not read since opened, so the first episode save rewrites it whole). */
  private held: Set<string> | null = null;
  /** The ended episodes written as they are now, with their incident id (ended ones do not change again), so they are not written twice. */
  private readonly writtenEnded = new WeakMap<AnomalyInsight, string>();

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
    const upsertEpisode = db.prepare<[string, string, number | null, string]>(
      'INSERT INTO anomaly_episodes (id, incident_id, series_id, episode) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET incident_id = excluded.incident_id, series_id = excluded.series_id, episode = excluded.episode',
    );
    const deleteEpisode = db.prepare<[string]>('DELETE FROM anomaly_episodes WHERE id = ?');
    this.writeMany = db.transaction(
      (rows: Iterable<StateRow>, at: number, episodes?: readonly EpisodeRow[], kept?: ReadonlySet<string>, more: readonly IncidentMoreRow[] = []) => {
        for (const row of rows) this.upsert.run(row.seriesId, row.kind, at, Buffer.from(row.state.buffer, row.state.byteOffset, row.state.byteLength));
        if (episodes === undefined || kept === undefined) return;
        const held = this.held;
        if (held === null) clearEpisodes.run();
        else for (const id of held) if (!kept.has(id)) deleteEpisode.run(id);
        for (const row of episodes) {
          if (held?.has(row.episode.id) === true && this.writtenEnded.get(row.episode) === row.incidentId) continue;
          upsertEpisode.run(row.episode.id, row.incidentId, row.seriesId, JSON.stringify(row.episode));
        }
        clearMore.run();
        for (const row of more) insertMore.run(row.incidentId, JSON.stringify(row.series), row.peak);
      },
    );
  }

  load(seriesId: number, kind: AnalysisStateKind): Uint8Array | undefined {
    const row = this.selectOne.get(seriesId, kind);
    return row === undefined ? undefined : new Uint8Array(row.state.buffer, row.state.byteOffset, row.state.byteLength);
  }

  /** The episodes saved last, oldest start first. */
  loadEpisodes(): EpisodeRow[] {
    const rows = this.selectEpisodes
      .all()
      .map((row) => ({ incidentId: row.incident_id, seriesId: row.series_id, episode: JSON.parse(row.episode) as AnomalyInsight }))
      .sort((a, b) => a.episode.startedAt - b.episode.startedAt);
    this.held = new Set(rows.map((row) => row.episode.id));
    for (const row of rows) if (row.episode.endedAt !== null) this.writtenEnded.set(row.episode, row.incidentId);
    return rows;
  }

  /** What each kept incident counted beyond its episodes when last saved, by incident id. */
  loadMore(): Map<string, IncidentMoreRow> {
    return new Map(
      this.selectMore.all().map((row) => [row.incident_id, { incidentId: row.incident_id, series: JSON.parse(row.series) as string[], peak: row.peak }]),
    );
  }

  /**
   * Writes `rows` (taken one by one inside the transaction: a lazy iterable may stop when its
   * slice of time is used); `episodes`, when given, are every episode to keep (those not among
   * them leave; ended ones already written as they are are not written again), and `more` what
   * the incidents count beyond them.
   */
  save(rows: Iterable<StateRow>, at: number, episodes?: readonly EpisodeRow[], more: readonly IncidentMoreRow[] = []): void {
    if (Array.isArray(rows) && rows.length === 0 && episodes === undefined) return;
    const kept = episodes === undefined ? undefined : new Set(episodes.map((row) => row.episode.id));
    this.writeMany(rows, at, episodes, kept, more);
    // Only once the transaction committed: a failed save leaves the table as it was.
    if (episodes === undefined || kept === undefined) return;
    this.held = kept;
    for (const row of episodes) if (row.episode.endedAt !== null) this.writtenEnded.set(row.episode, row.incidentId);
  }
}
