import type { Database } from '../../store/database';

/** Advice a person dismissed, by its stable id: worked out again later, it stays hidden. */
export class AdviceDismissals {
  private readonly insert;
  private readonly all;
  private readonly ids = new Set<string>();

  constructor(db: Database) {
    this.insert = db.prepare<[string, number, string]>(
      'INSERT INTO advice_dismissals (advice_id, dismissed_at, dismissed_by) VALUES (?, ?, ?) ON CONFLICT (advice_id) DO NOTHING',
    );
    this.all = db.prepare<[], { advice_id: string }>('SELECT advice_id FROM advice_dismissals');
    for (const row of this.all.all()) this.ids.add(row.advice_id);
  }

  dismiss(id: string, at: number, by: string): void {
    this.insert.run(id, at, by);
    this.ids.add(id);
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }
}
