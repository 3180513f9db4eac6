import type { BackupView } from '../../../shared/types/jobs';
import type { Database } from '../../store/database';

export interface BackupRecord extends BackupView {
  /** Where an archive's paths are relative to (restored there). */
  baseDir: string;
}

interface BackupRow {
  id: number;
  job: string;
  file: string;
  sha256: string;
  bytes: number;
  created_at: number;
  kind: 'archive' | 'dump';
  base_dir: string;
}

const toRecord = (row: BackupRow): BackupRecord => ({
  id: row.id,
  job: row.job,
  file: row.file,
  sha256: row.sha256,
  bytes: row.bytes,
  createdAt: row.created_at,
  kind: row.kind,
  baseDir: row.base_dir,
});

/** The verified backups each backup job keeps: file, checksum, size, when. */
export class BackupStore {
  constructor(private readonly db: Database) {}

  add(backup: Omit<BackupRecord, 'id'>): BackupRecord {
    const row = this.db
      .prepare('INSERT INTO backups (job, file, sha256, bytes, created_at, kind, base_dir) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *')
      .get(backup.job, backup.file, backup.sha256, backup.bytes, backup.createdAt, backup.kind, backup.baseDir) as BackupRow;
    return toRecord(row);
  }

  list(job: string): BackupRecord[] {
    return (this.db.prepare('SELECT * FROM backups WHERE job = ? ORDER BY id DESC').all(job) as BackupRow[]).map(toRecord);
  }

  get(job: string, id: number): BackupRecord | undefined {
    const row = this.db.prepare('SELECT * FROM backups WHERE job = ? AND id = ?').get(job, id) as BackupRow | undefined;
    return row === undefined ? undefined : toRecord(row);
  }

  remove(id: number): void {
    this.db.prepare('DELETE FROM backups WHERE id = ?').run(id);
  }
}
