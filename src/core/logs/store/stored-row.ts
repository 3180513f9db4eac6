import type { LogLine } from '../../../shared/types/logs';
import { levelName } from '../parse/level';
import type { LogStore } from './log-store';

/** One row of a partition's rows table, as read. */
export interface StoredRow {
  id: number;
  ts: number;
  level: number;
  service: number;
  source: number;
  pattern: number;
  text: string;
  /** JSON of a plugin parser's fields, or null. */
  fields: string | null;
}

/** The columns of a StoredRow, on a rows table aliased `r`. */
export const ROW_COLUMNS = 'r.id, r.ts, r.level, r.service, r.source, r.pattern, r.text, r.fields';

/** A stored row as the contract shows it: names instead of catalog ids. */
export function toLogLine(store: LogStore, row: StoredRow): LogLine {
  return {
    id: row.id,
    ts: row.ts,
    level: levelName(row.level),
    service: store.services.get(row.service) ?? '',
    source: store.sources.get(row.source)?.name ?? '',
    patternId: row.pattern > 0 ? row.pattern : null,
    text: row.text,
    ...(row.fields === null ? {} : { fields: JSON.parse(row.fields) as Record<string, string> }),
  };
}

/** A partition dropped by the writer while another connection reads it is simply gone. */
export function safely<T>(read: () => T[]): T[] {
  try {
    return read();
  } catch (error) {
    if (error instanceof Error && /no such table/.test(error.message)) return [];
    throw error;
  }
}
