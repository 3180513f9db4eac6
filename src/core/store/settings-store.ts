import type { Statement } from 'better-sqlite3';
import type { Settings } from '../../shared/types/settings';
import type { Database } from './database';

const defaults: Settings = { updateUrl: null, notificationsPausedUntil: null, operatorName: null };

/** Settings of this installation, one JSON value per key; unknown keys in old rows are ignored. */
export class SettingsStore {
  private readonly read: Statement<[], { key: string; value: string }>;
  private readonly write: Statement<[string, string]>;

  constructor(private readonly db: Database) {
    this.read = db.prepare('SELECT key, value FROM settings');
    this.write = db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)');
  }

  get(): Settings {
    const settings: Settings = { ...defaults };
    for (const row of this.read.all()) {
      if (Object.hasOwn(defaults, row.key)) (settings as unknown as Record<string, unknown>)[row.key] = JSON.parse(row.value);
    }
    return settings;
  }

  update(patch: Partial<Settings>): Settings {
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(patch)) {
        if (value !== undefined && Object.hasOwn(defaults, key)) this.write.run(key, JSON.stringify(value));
      }
    })();
    return this.get();
  }
}
