import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/**
 * NAB's corpus on disk: `<data>/<category>/<file>.csv` (timestamp,value), the windows file
 * (`labels/combined_windows.json`, keyed `<category>/<file>.csv`) and the profiles file.
 */
export interface NabSeries {
  /** `<category>/<file>.csv`, the key NAB's windows file uses. */
  key: string;
  category: string;
  file: string;
  /** As written in the file (`YYYY-MM-DD HH:MM:SS`), so results keep them to the letter. */
  timestamps: string[];
  /** As written, so results files repeat them to the letter. */
  valueTexts: string[];
  values: number[];
}

export interface CostMatrix {
  tpWeight: number;
  fnWeight: number;
  fpWeight: number;
}

export type Profiles = Record<string, CostMatrix>;

/** Window bounds as timestamps (inclusive), in the file's own order. */
export type WindowsByKey = Record<string, Array<[string, string]>>;

/** NAB's timestamps carry no zone; read them as UTC so no local daylight saving moves them. */
export function nabTimestampMs(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?/.exec(text.trim());
  if (match === null) return Number.NaN;
  const [, y, mo, d, h, mi, s, frac] = match;
  const ms = frac === undefined ? 0 : Math.round(Number(`0.${frac}`) * 1000);
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
}

/** Every `<category>/<file>.csv` below `dir`, sorted so runs are reproducible. */
export function listSeriesKeys(dir: string): string[] {
  const keys: string[] = [];
  for (const category of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!category.isDirectory()) continue;
    for (const file of fs.readdirSync(path.join(dir, category.name))) {
      if (file.endsWith('.csv')) keys.push(`${category.name}/${file}`);
    }
  }
  return keys.sort();
}

export interface CsvTable {
  header: string[];
  rows: string[][];
}

/** A CSV file, or its gzipped copy (`file.gz`) when only that exists (the results kept in the repository). */
export function readCsv(file: string): CsvTable {
  const text =
    fs.existsSync(file) || !fs.existsSync(`${file}.gz`) ? fs.readFileSync(file, 'utf8') : zlib.gunzipSync(fs.readFileSync(`${file}.gz`)).toString('utf8');
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
  const [first, ...rest] = lines;
  if (first === undefined) return { header: [], rows: [] };
  return { header: first.split(','), rows: rest.map((line) => line.split(',')) };
}

export function column(table: CsvTable, name: string, file: string): string[] {
  const index = table.header.indexOf(name);
  if (index < 0) throw new Error(`${file}: no column "${name}" (has ${table.header.join(', ')})`);
  return table.rows.map((row) => row[index] ?? '');
}

export function readSeries(dataDir: string, key: string): NabSeries {
  const file = path.join(dataDir, key);
  const table = readCsv(file);
  const [category = '', name = ''] = key.split('/');
  const valueTexts = column(table, 'value', file);
  return {
    key,
    category,
    file: name,
    timestamps: column(table, 'timestamp', file),
    valueTexts,
    // An empty or unreadable value is NaN: the detector answers it with a reason, never a crash.
    values: valueTexts.map((text) => (text.trim() === '' ? Number.NaN : Number(text))),
  };
}

export function readWindows(file: string): WindowsByKey {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as WindowsByKey;
}

export function readProfiles(file: string): Profiles {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, { CostMatrix: CostMatrix }>;
  const profiles: Profiles = {};
  for (const [name, profile] of Object.entries(raw)) profiles[name] = profile.CostMatrix;
  return profiles;
}
