import type { Statement } from 'better-sqlite3';
import type { Database } from './database';
import type { Labels } from './labels';
import type { SeriesIndex } from './series-index';

/** Rows per INSERT statement: multi-row statements amortise SQLite's per-statement cost. */
const ROWS_PER_STATEMENT = 64;

/**
 * Collects samples in memory and writes them in one transaction per tick, sorted by series
 * and time so inserts land next to each other in the (series_id, ts) b-tree.
 */
export class SampleWriter {
  /** Flat triples (seriesId, ts, value): no object per sample on the hot path. */
  private pending: number[] = [];
  private readonly insertOne: Statement;
  private readonly insertMany: Statement;
  private readonly writeBatch: (rows: number[]) => void;

  constructor(
    db: Database,
    private readonly index: SeriesIndex,
  ) {
    this.insertOne = db.prepare('INSERT OR REPLACE INTO samples (series_id, ts, value) VALUES (?, ?, ?)');
    this.insertMany = db.prepare(
      `INSERT OR REPLACE INTO samples (series_id, ts, value) VALUES ${Array.from({ length: ROWS_PER_STATEMENT }, () => '(?, ?, ?)').join(', ')}`,
    );
    this.writeBatch = db.transaction((rows: number[]) => {
      const chunk = ROWS_PER_STATEMENT * 3;
      let offset = 0;
      for (; offset + chunk <= rows.length; offset += chunk) this.insertMany.run(rows.slice(offset, offset + chunk));
      for (; offset < rows.length; offset += 3) this.insertOne.run(rows[offset], rows[offset + 1], rows[offset + 2]);
    });
  }

  /** NaN and infinities are not storable in SQLite REAL columns as such; they are skipped. */
  append(seriesId: number, ts: number, value: number): void {
    if (!Number.isFinite(value)) return;
    this.pending.push(seriesId, ts, value);
  }

  appendNamed(name: string, labels: Labels, ts: number, value: number): void {
    this.append(this.index.idOf(name, labels), ts, value);
  }

  get pendingCount(): number {
    return this.pending.length / 3;
  }

  /** Writes everything collected so far in one transaction; returns how many samples. */
  flush(): number {
    const rows = this.pending;
    if (rows.length === 0) return 0;
    this.pending = [];
    this.writeBatch(sortTriples(rows));
    return rows.length / 3;
  }
}

function sortTriples(rows: number[]): number[] {
  const count = rows.length / 3;
  let sorted = true;
  for (let i = 1; i < count && sorted; i++) {
    const a = rows[(i - 1) * 3] as number;
    const b = rows[i * 3] as number;
    if (a > b || (a === b && (rows[(i - 1) * 3 + 1] as number) > (rows[i * 3 + 1] as number))) sorted = false;
  }
  if (sorted) return rows;
  const order = Array.from({ length: count }, (_, i) => i);
  order.sort((x, y) => (rows[x * 3] as number) - (rows[y * 3] as number) || (rows[x * 3 + 1] as number) - (rows[y * 3 + 1] as number));
  const out = new Array<number>(rows.length);
  order.forEach((from, to) => {
    out[to * 3] = rows[from * 3] as number;
    out[to * 3 + 1] = rows[from * 3 + 1] as number;
    out[to * 3 + 2] = rows[from * 3 + 2] as number;
  });
  return out;
}
