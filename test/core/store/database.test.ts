import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/store/database';
import { latestSchemaVersion, migrate, type Migration } from '../../../src/core/store/migrations';
import { tempDir } from '../../helpers/temp-dir';

describe('openDatabase', () => {
  it('creates a WAL database at the latest schema version, marked as ours', () => {
    const file = path.join(tempDir(), 'zervigo.db');
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
    expect(db.pragma('application_id', { simple: true })).toBe(0x5a455256);
    db.close();
    // Reopening keeps everything and applies nothing twice.
    const again = openDatabase(file);
    expect(again.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
    again.close();
  });

  it('refuses a file that is not SQLite and leaves it byte for byte as it was', () => {
    const file = path.join(tempDir(), 'zervigo.db');
    const garbage = Buffer.from('this is not a database, but somebody may need it back\n'.repeat(100));
    fs.writeFileSync(file, garbage);
    expect(() => openDatabase(file)).toThrow(/is not a SQLite database .* left untouched/);
    expect(fs.readFileSync(file).equals(garbage)).toBe(true);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it("refuses another program's SQLite database and leaves it untouched", () => {
    const file = path.join(tempDir(), 'zervigo.db');
    const foreign = new BetterSqlite3(file);
    foreign.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices (total) VALUES (12.5);');
    foreign.close();
    const before = fs.readFileSync(file);
    expect(() => openDatabase(file)).toThrow(/database of another program/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a database written by a newer Zervigo', () => {
    const file = path.join(tempDir(), 'zervigo.db');
    openDatabase(file).close();
    const db = new BetterSqlite3(file);
    db.pragma(`user_version = ${latestSchemaVersion() + 5}`);
    db.close();
    expect(() => openDatabase(file)).toThrow(/written by a newer Zervigo/);
  });

  it('applies numbered migrations in order, each once, and rolls a failing one back', () => {
    const db = new BetterSqlite3(':memory:');
    const applied: number[] = [];
    const list: Migration[] = [
      {
        version: 1,
        name: 'one',
        up: (d) => {
          applied.push(1);
          d.exec('CREATE TABLE a (x)');
        },
      },
      {
        version: 2,
        name: 'two',
        up: (d) => {
          applied.push(2);
          d.exec('CREATE TABLE b (x)');
        },
      },
    ];
    expect(migrate(db, list)).toBe(2);
    expect(migrate(db, list)).toBe(2);
    expect(applied).toEqual([1, 2]);
    const failing: Migration[] = [
      ...list,
      {
        version: 3,
        name: 'bad',
        up: (d) => {
          d.exec('CREATE TABLE c (x)');
          throw new Error('boom');
        },
      },
    ];
    expect(() => migrate(db, failing)).toThrow('boom');
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'c'").get()).toEqual({ n: 0 });
    db.close();
  });
});
