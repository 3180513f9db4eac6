import type { Database } from './database';
import { compileMatchers, normalizeLabels, seriesKey, type LabelMatcher, type Labels } from './labels';

export interface SeriesInfo {
  id: number;
  name: string;
  labels: Labels;
  key: string;
}

/**
 * Every series known to the store, held in memory: looking a series up or matching label
 * selectors never touches SQLite. Tens of thousands of series cost a few megabytes.
 */
export class SeriesIndex {
  private readonly byKey = new Map<string, SeriesInfo>();
  private readonly byId = new Map<number, SeriesInfo>();
  private readonly byName = new Map<string, SeriesInfo[]>();
  private readonly insert;

  constructor(db: Database) {
    this.insert = db.prepare<[string, string, string], { id: number }>('INSERT INTO series (name, labels, key) VALUES (?, ?, ?) RETURNING id');
    const rows = db.prepare<[], { id: number; name: string; labels: string; key: string }>('SELECT id, name, labels, key FROM series').all();
    for (const row of rows) this.remember({ id: row.id, name: row.name, labels: JSON.parse(row.labels) as Labels, key: row.key });
  }

  /** The id of a series, created on first use. */
  idOf(name: string, labels: Labels): number {
    const key = seriesKey(name, labels);
    const known = this.byKey.get(key);
    if (known !== undefined) return known.id;
    const normalized = normalizeLabels(labels);
    const row = this.insert.get(name, JSON.stringify(normalized), key) as { id: number };
    this.remember({ id: row.id, name, labels: normalized, key });
    return row.id;
  }

  get(id: number): SeriesInfo | undefined {
    return this.byId.get(id);
  }

  /** Series whose name and labels satisfy every matcher (a `__name__` matcher or `name` narrows the scan). */
  select(name: string | null, matchers: readonly LabelMatcher[] = []): SeriesInfo[] {
    const test = compileMatchers(matchers);
    const candidates = name !== null ? (this.byName.get(name) ?? []) : this.byId.values();
    const out: SeriesInfo[] = [];
    for (const series of candidates) if (test(series.name, series.labels)) out.push(series);
    return out;
  }

  names(): string[] {
    return [...this.byName.keys()].sort();
  }

  get size(): number {
    return this.byId.size;
  }

  private remember(series: SeriesInfo): void {
    this.byKey.set(series.key, series);
    this.byId.set(series.id, series);
    const list = this.byName.get(series.name);
    if (list === undefined) this.byName.set(series.name, [series]);
    else list.push(series);
  }
}
