import type { Statement } from 'better-sqlite3';
import type { Database } from '../../store/database';

/** Prepared statements by their SQL, for the readers of partitions (whose table names vary). */
export class StatementCache {
  private readonly statements = new Map<string, Statement<unknown[], unknown>>();

  constructor(private readonly db: Database) {}

  get<Row = unknown>(sql: string): Statement<unknown[], Row> {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      // Statements of dropped partitions would fail; the cache is small, so it is simply reset.
      if (this.statements.size > 500) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement as Statement<unknown[], Row>;
  }
}
