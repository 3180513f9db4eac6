import crypto from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { ConfigSource, ConfigVersion, ConfigVersionSummary } from '../../shared/types/workspace';
import type { Database } from './database';

interface VersionRow {
  id: number;
  at: number;
  source: ConfigSource;
  file: string;
  hash: string;
  bytes: number;
  content?: string;
}

/** Every accepted version of the workspace file, so any of them can be compared and restored. */
export class ConfigHistory {
  private readonly insert: Statement<[number, string, string, string, string], { id: number }>;
  private readonly latest: Statement<[string], VersionRow>;
  private readonly list: Statement<[number], VersionRow>;
  private readonly one: Statement<[number], VersionRow>;

  constructor(db: Database) {
    this.insert = db.prepare('INSERT INTO config_versions (at, source, file, hash, content) VALUES (?, ?, ?, ?, ?) RETURNING id');
    this.latest = db.prepare(
      'SELECT id, at, source, file, hash, length(CAST(content AS BLOB)) AS bytes FROM config_versions WHERE file = ? ORDER BY id DESC LIMIT 1',
    );
    this.list = db.prepare('SELECT id, at, source, file, hash, length(CAST(content AS BLOB)) AS bytes FROM config_versions ORDER BY id DESC LIMIT ?');
    this.one = db.prepare('SELECT id, at, source, file, hash, length(CAST(content AS BLOB)) AS bytes, content FROM config_versions WHERE id = ?');
  }

  /** Records a version unless it is identical to the newest one of the same file; returns its id. */
  record(file: string, content: string, source: ConfigSource, at: number): number {
    const hash = crypto.createHash('sha256').update(content).digest('hex');
    const latest = this.latest.get(file);
    if (latest !== undefined && latest.hash === hash) return latest.id;
    return (this.insert.get(at, source, file, hash, content) as { id: number }).id;
  }

  recent(limit: number): ConfigVersionSummary[] {
    return this.list.all(limit).map(toSummary);
  }

  get(id: number): ConfigVersion | undefined {
    const row = this.one.get(id);
    if (row === undefined) return undefined;
    return { ...toSummary(row), content: row.content ?? '' };
  }
}

function toSummary(row: VersionRow): ConfigVersionSummary {
  return { id: row.id, at: row.at, source: row.source, file: row.file, bytes: row.bytes, hash: row.hash };
}
