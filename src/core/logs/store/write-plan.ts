/**
 * One write of the log store as data: the main thread decides (ids, partitions, blocks), an
 * executor applies it in one transaction — in a worker thread, so SQLite's work on a burst of
 * lines runs beside the parsing and mining instead of after it, and the event loop stays free.
 */
export interface WritePlan {
  /** Partitions to drop (tables and catalog rows). */
  drop: number[];
  /**
   * Partitions made before rows had their (service, ts) index: the index is built for them, and a
   * closed one is measured again ([partition, closed 0 | 1]).
   */
  index: [number, number][];
  /** A partition to close: marked closed and measured (its size on disk is returned). */
  close: number | null;
  /** A partition to create before the rows go in. */
  open: { id: number; firstRow: number; received: number } | null;
  partition: number;
  /** Flat (id, ts, level, service, source, pattern, text, fields) tuples; fields is JSON text or null. */
  rows: unknown[];
  /** [last_row, rows, text_bytes, min_ts, max_ts, last_received] of `partition`, when rows were added. */
  stats: [number, number, number, number | null, number | null, number] | null;
  /** [partition, first_row, last_row, min_ts, max_ts] */
  blocks: [number, number, number, number, number][];
  /** [id, service, template, level, count, first_seen, last_seen] */
  patterns: [number, string, string, number, number, number, number][];
}

export interface WriteStatement {
  run(...params: unknown[]): unknown;
  get(...params: unknown[]): unknown;
}

export interface WriteDb {
  prepare(sql: string): WriteStatement;
  exec(sql: string): unknown;
}

export function emptyPlan(partition: number): WritePlan {
  return { drop: [], index: [], close: null, open: null, partition, rows: [], stats: null, blocks: [], patterns: [] };
}

/**
 * Applies a plan; the caller wraps it in a transaction. Returns [partition, bytes] for a closed
 * partition. Self-contained on purpose (no imports, no inner functions, which a bundler may wrap
 * in helpers of its own): its source text is also what the worker thread runs.
 */
export function executeWritePlan(db: WriteDb, plan: WritePlan, cache: Map<string, WriteStatement>): [number, number][] {
  const measured: [number, number][] = [];
  for (const id of plan.drop) {
    db.exec(
      `DROP TABLE IF EXISTS log_rows_${id}; DROP TABLE IF EXISTS log_fts_${id}; DELETE FROM log_blocks WHERE partition_id = ${id}; DELETE FROM log_partitions WHERE id = ${id};`,
    );
    for (const key of [...cache.keys()]) if (key.includes(`_${id} `)) cache.delete(key);
  }
  // A partition's size on disk: the pages of its tables and indexes (log_rows_<id>, log_rows_<id>_by_time, log_fts_<id>_*).
  const measure =
    "SELECT sum(pgsize) AS bytes FROM dbstat WHERE aggregate = TRUE AND name IN (printf('log_rows_%d', @id), printf('log_rows_%d_by_time', @id), printf('log_fts_%d_data', @id), printf('log_fts_%d_idx', @id), printf('log_fts_%d_config', @id))";
  for (const [id, closed] of plan.index) {
    db.exec(`CREATE INDEX IF NOT EXISTS log_rows_${id}_by_time ON log_rows_${id} (service, ts)`);
    if (closed === 1) measured.push([id, (db.prepare(measure).get({ id }) as { bytes: number | null }).bytes ?? 0]);
  }
  for (const block of plan.blocks)
    db.prepare('INSERT OR REPLACE INTO log_blocks (partition_id, first_row, last_row, min_ts, max_ts) VALUES (?, ?, ?, ?, ?)').run(...block);
  if (plan.close !== null) {
    const id = plan.close;
    const row = db.prepare(measure).get({ id }) as { bytes: number | null };
    const bytes = row.bytes ?? 0;
    db.prepare('UPDATE log_partitions SET closed = 1, disk_bytes = ? WHERE id = ?').run(bytes, id);
    measured.push([id, bytes]);
  }
  if (plan.open !== null) {
    const id = plan.open.id;
    db.prepare('INSERT INTO log_partitions (id, first_row, last_row, rows, text_bytes, first_received, last_received) VALUES (?, ?, ?, 0, 0, ?, ?)').run(
      id,
      plan.open.firstRow,
      plan.open.firstRow - 1,
      plan.open.received,
      plan.open.received,
    );
    db.exec(`
      CREATE TABLE log_rows_${id} (id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, level INTEGER NOT NULL, service INTEGER NOT NULL, source INTEGER NOT NULL, pattern INTEGER NOT NULL, text TEXT NOT NULL, fields TEXT);
      -- Each service's lines in time order: the lines around a moment are a few index seeks away.
      CREATE INDEX log_rows_${id}_by_time ON log_rows_${id} (service, ts);
      CREATE VIRTUAL TABLE log_fts_${id} USING fts5(doc, content='', detail=none, columnsize=0, tokenize='unicode61 remove_diacritics 0');
      INSERT INTO log_fts_${id} (log_fts_${id}, rank) VALUES ('automerge', 16);
    `);
  }
  if (plan.rows.length > 0) {
    const id = plan.partition;
    const many = 100;
    const rowsHead = `INSERT INTO log_rows_${id} (id, ts, level, service, source, pattern, text, fields) VALUES `;
    const rowsManySql = rowsHead + new Array(many).fill('(?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
    const rowsOneSql = `${rowsHead}(?, ?, ?, ?, ?, ?, ?, ?)`;
    // What the index holds: the text plus a word each for level, service, source and pattern
    // (zvl3 zvs1 zvo2 zvp7), so field filters are index lookups too. Built from the rows just
    // written, in one statement: the text crosses from JS once, and FTS5 flushes its pending
    // terms at every statement savepoint, which a statement per few rows would turn into a
    // tiny segment (and merge work) per statement. A parsed field is a word too: zvf + the hex
    // of "key=value" (ASCII lower-cased, first 40 characters), see field-word.ts;
    // lines without fields (most) skip the subquery.
    const docsSql = `INSERT INTO log_fts_${id} (rowid, doc) SELECT id, text || ' zvl' || level || ' zvs' || service || ' zvo' || source || ' zvp' || pattern || CASE WHEN fields IS NULL THEN '' ELSE coalesce((SELECT group_concat(' zvf' || hex(lower(substr(key || '=' || value, 1, 40))), '') FROM json_each(fields)), '') END FROM log_rows_${id} WHERE id BETWEEN ? AND ?`;
    const statements: WriteStatement[] = [];
    for (const sql of [rowsManySql, rowsOneSql, docsSql]) {
      let statement = cache.get(sql);
      if (statement === undefined) {
        statement = db.prepare(sql);
        cache.set(sql, statement);
      }
      statements.push(statement);
    }
    const [rowsMany, rowsOne, docs] = statements as [WriteStatement, WriteStatement, WriteStatement];
    const rows = plan.rows;
    const width = 8;
    const count = rows.length / width;
    let done = 0;
    for (; done + many <= count; done += many) rowsMany.run(rows.slice(done * width, (done + many) * width));
    for (; done < count; done++) rowsOne.run(rows.slice(done * width, done * width + width));
    // A plan's row ids are consecutive. Every row goes in first: the multi-row statements open
    // savepoints too, which would flush the docs' pending terms in between.
    docs.run(rows[0], rows[rows.length - width]);
  }
  if (plan.stats !== null) {
    db.prepare('UPDATE log_partitions SET last_row = ?, rows = ?, text_bytes = ?, min_ts = ?, max_ts = ?, last_received = ? WHERE id = ?').run(
      ...plan.stats,
      plan.partition,
    );
  }
  for (const pattern of plan.patterns)
    db.prepare('INSERT OR REPLACE INTO log_patterns (id, service, template, level, count, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)').run(...pattern);
  return measured;
}
