import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LogPipeline } from '../../../src/core/logs/log-pipeline';
import { PatternMiner } from '../../../src/core/logs/mining/pattern-miner';
import { LEVEL } from '../../../src/core/logs/parse/level';
import type { PluginLineParser } from '../../../src/core/logs/parse/plugin-parsers';
import { LogSearch } from '../../../src/core/logs/store/log-search';
import { LogStore } from '../../../src/core/logs/store/log-store';
import { openDatabase, type Database as ZervigoDatabase } from '../../../src/core/store/database';
import { migrate, migrations } from '../../../src/core/store/migrations';
import { parseLogQuery } from '../../../src/shared/logs/log-query';
import type { LogLine } from '../../../src/shared/types/logs';
import { FakeClock } from '../../helpers/fake-clock';
import { tempDir } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';

const databases: ZervigoDatabase[] = [];
afterEach(() => {
  for (const db of databases.splice(0)) db.close();
});

/** A parser as a plugin's would answer: a line `{JSON} | message` has the JSON's fields, another none. */
const jsonHeadParser: PluginLineParser = {
  key: 'logs.parsers[0]',
  name: "plugin json-head's log parser json-head",
  parse: async (lines) =>
    lines.map((line) => {
      const [head = '', message = line] = line.split(' | ');
      const fields = head.startsWith('{') ? (JSON.parse(head) as Record<string, string>) : undefined;
      return { ts: null, level: LEVEL.info, body: line, message, startsEntry: true, ...(fields === undefined ? {} : { fields }) };
    }),
};

async function storeWithLines(lines: string[]) {
  const db = openDatabase(path.join(tempDir(), 'zervigo.db'));
  databases.push(db);
  const store = new LogStore(db, { maxBytes: 1024 ** 3, maxAgeMs: 14 * 86_400_000 });
  const pipeline = new LogPipeline(store, new PatternMiner(), new FakeClock(), () => {});
  pipeline.setParsers(() => jsonHeadParser);
  const source = pipeline.open({
    key: 'service:cache',
    kind: 'service',
    name: 'cache:stdout',
    service: 'cache',
    format: 'auto',
    multiline: { kind: 'none' },
    origin: 'output',
  });
  for (const line of lines) source.line(line);
  await waitFor(() => pipeline.flush(false) > 0 || pipeline.queued === 0, { what: "the parser's batch queued", timeoutMs: 5_000 });
  pipeline.flush(false);
  const search = new LogSearch(store);
  const found = (query: string): LogLine[] => search.search({ query, limit: 100 }).lines;
  const texts = (query: string): string[] =>
    found(query)
      .map((line) => line.text)
      .sort();
  return { db, store, search, found, texts };
}

describe("a log parser's fields (stored with the line, searched as field.KEY:VALUE)", () => {
  it('stores them with the line and finds a line by a field, not by a wrong value, another key or as text', async () => {
    const { found, texts, search } = await storeWithLines([
      '{"role":"primary","pid":"42"} | Ready to accept connections',
      '{"role":"replica","pid":"43"} | Connecting to MASTER',
      '{"role":"child","pid":"44"} | DB saved on disk',
      'plain line without fields, role:primary',
    ]);
    expect(found('Ready')[0]?.fields).toEqual({ role: 'primary', pid: '42' });
    expect(found('"plain line"')[0]?.fields).toBeUndefined();

    const ready = '{"role":"primary","pid":"42"} | Ready to accept connections';
    expect(texts('field.role:primary')).toEqual([ready]);
    expect(texts('field.role:leader')).toEqual([]);
    expect(texts('field.pid:42')).toEqual([ready]);
    // The key names the field: 42 under another key does not match.
    expect(texts('field.role:42')).toEqual([]);
    expect(texts('field.role:primary,replica')).toHaveLength(2);
    expect(texts('-field.role:primary')).toHaveLength(3);
    expect(texts('field.role:replica MASTER')).toEqual(['{"role":"replica","pid":"43"} | Connecting to MASTER']);
    // ASCII case is ignored, as for words.
    expect(texts('FIELD.Role:PRIMARY')).toEqual([ready]);
    // Without the prefix, key:value is text as before: found in the text, not in the fields.
    expect(texts('role:primary')).toEqual(['plain line without fields, role:primary']);
    // Counted from the index alone, like the built-in filters.
    expect(search.search({ query: 'field.role:primary,child', limit: 1, count: true }).total).toEqual({ count: 2, exact: true });
  });

  it('tells apart pairs that share an index word: long values, keys with "="', async () => {
    const long = 'x'.repeat(60);
    const first = `{"trace":"${long}a"} | first`;
    const second = `{"trace":"${long}b"} | second`;
    const third = '{"a":"=b"} | third';
    const fourth = '{"a=":"b"} | fourth';
    const { texts, search } = await storeWithLines([first, second, third, fourth]);
    // Both long pairs share a word (their first 40 characters): the row's fields decide.
    expect(texts(`field.trace:${long}a`)).toEqual([first]);
    expect(texts(`-field.trace:${long}a`)).toEqual([third, fourth, second].sort());
    expect(search.compile(parseLogQuery(`field.trace:${long}a`)).where).toHaveLength(1);
    expect(search.compile(parseLogQuery('field.trace:short')).where).toHaveLength(0);
    // a + =b and a= + b are both "a==b": one word, told apart on the row.
    expect(texts('field.a:=b')).toEqual([third]);
    expect(texts('field.a=:b')).toEqual([fourth]);
    expect(texts('-field.a:=b')).toEqual([first, second, fourth].sort());
  });

  it('migration 17 gives partitions made before it the fields column', () => {
    const file = path.join(tempDir(), 'old.db');
    const db = new Database(file);
    migrate(
      db,
      migrations.filter((migration) => migration.version < 17),
    );
    db.exec(
      'CREATE TABLE log_rows_1 (id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, level INTEGER NOT NULL, service INTEGER NOT NULL, source INTEGER NOT NULL, pattern INTEGER NOT NULL, text TEXT NOT NULL)',
    );
    db.prepare('INSERT INTO log_rows_1 VALUES (1, 0, 3, 1, 1, 1, ?)').run('an old line');
    migrate(db);
    expect(db.prepare('SELECT text, fields FROM log_rows_1').all()).toEqual([{ text: 'an old line', fields: null }]);
    db.close();
  });
});
