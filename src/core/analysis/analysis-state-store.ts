import type { Database } from '../store/database';

/**
 * Where analysed series keep their learned state between runs: one row per series and kind,
 * written in one transaction per save so a crash leaves the previous save whole.
 */
export type AnalysisStateKind = 'anomaly' | 'forecast';

export class AnalysisStateStore {
  private readonly selectOne;
  private readonly upsert;
  private readonly writeMany;

  constructor(db: Database) {
    this.selectOne = db.prepare<[number, string], { state: Buffer }>('SELECT state FROM analysis_state WHERE series_id = ? AND kind = ?');
    this.upsert = db.prepare<[number, string, number, Buffer]>(
      'INSERT INTO analysis_state (series_id, kind, updated_at, state) VALUES (?, ?, ?, ?) ON CONFLICT (series_id, kind) DO UPDATE SET updated_at = excluded.updated_at, state = excluded.state',
    );
    this.writeMany = db.transaction((rows: { seriesId: number; kind: AnalysisStateKind; state: Uint8Array }[], at: number) => {
      for (const row of rows) this.upsert.run(row.seriesId, row.kind, at, Buffer.from(row.state.buffer, row.state.byteOffset, row.state.byteLength));
    });
  }

  load(seriesId: number, kind: AnalysisStateKind): Uint8Array | undefined {
    const row = this.selectOne.get(seriesId, kind);
    return row === undefined ? undefined : new Uint8Array(row.state.buffer, row.state.byteOffset, row.state.byteLength);
  }

  save(rows: { seriesId: number; kind: AnalysisStateKind; state: Uint8Array }[], at: number): void {
    if (rows.length > 0) this.writeMany(rows, at);
  }
}
