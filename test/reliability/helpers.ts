import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { repoRoot } from '../helpers/cli';

const asAnotherUserFixture = path.join(__dirname, 'fixtures', 'as-another-user.ts');

/** True when the tests run as root, which reads and writes every file: permission cases need another user. */
export const runningAsRoot = process.getuid?.() === 0;

/** Runs a scenario of fixtures/as-another-user.ts as nobody (when root) and returns its JSON answer. */
export function asAnotherUser(scenario: string, ...args: string[]): { ok: boolean; message?: string; text?: string } {
  const child = spawnSync(process.execPath, ['--import', 'tsx', asAnotherUserFixture, scenario, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, ZERVIGO_LOG_LEVEL: 'silent' },
    timeout: 30_000,
  });
  const last = child.stdout.trim().split('\n').at(-1) ?? '';
  if (!last.startsWith('{')) throw new Error(`the fixture printed no answer (status ${child.status}):\n${child.stdout}\n${child.stderr}`);
  return JSON.parse(last) as { ok: boolean; message?: string; text?: string };
}

/** Lets another user reach a folder made by mkdtemp (0700), without letting it write there. */
export function openForReading(dir: string): void {
  fs.chmodSync(dir, 0o755);
}

export function sha256Of(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Every file in a folder with its bytes' hash: to prove a refusal changed nothing. */
export function snapshotFolder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    out[name] = fs.statSync(file).isFile() ? sha256Of(file) : 'folder';
  }
  return out;
}

/** PRAGMA integrity_check of a database file, through a connection of its own. */
export function integrityOf(file: string): string {
  const db = new BetterSqlite3(file);
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

/** Reads a database the engine may be writing to (WAL: readers never block the writer). */
export function readDatabase<T>(file: string, read: (db: BetterSqlite3.Database) => T): T {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** Whether a log line with exactly this text is stored, in any partition. */
export function hasLogLine(db: BetterSqlite3.Database, text: string): boolean {
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name GLOB 'log_rows_[0-9]*'").all() as { name: string }[];
  return tables.some(({ name }) => db.prepare(`SELECT 1 FROM ${name} WHERE text = ? LIMIT 1`).get(text) !== undefined);
}

/** Bytes that are not UTF-8 and not text: a lone continuation byte, 0xFF, NULs. */
export function binaryGarbage(size: number): Buffer {
  const bytes = crypto.randomBytes(size);
  bytes[0] = 0xff;
  bytes[1] = 0x00;
  return bytes;
}
