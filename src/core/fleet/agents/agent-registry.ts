import type { FleetDatabase } from '../fleet-database';

/** An agent as the console keeps it (fleet.db, 0600: the token is a secret). */
export interface AgentRecord {
  name: string;
  url: string;
  token: string | null;
  ssh: string | null;
  addedAt: number;
}

/** The console's list of agents. */
export class AgentRegistry {
  constructor(private readonly db: FleetDatabase) {}

  list(): AgentRecord[] {
    return this.db
      .prepare<[], { name: string; url: string; token: string | null; ssh: string | null; added_at: number }>(
        'SELECT name, url, token, ssh, added_at FROM agents ORDER BY name',
      )
      .all()
      .map((row) => ({ name: row.name, url: row.url, token: row.token, ssh: row.ssh, addedAt: row.added_at }));
  }

  get(name: string): AgentRecord | undefined {
    return this.list().find((record) => record.name === name);
  }

  put(record: AgentRecord): void {
    this.db
      .prepare('INSERT OR REPLACE INTO agents (name, url, token, ssh, added_at) VALUES (?, ?, ?, ?, ?)')
      .run(record.name, record.url, record.token, record.ssh, record.addedAt);
  }

  remove(name: string): boolean {
    return this.db.prepare('DELETE FROM agents WHERE name = ?').run(name).changes > 0;
  }
}
