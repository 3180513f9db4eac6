import { randomUUID } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { SilenceMatcher, SilenceView } from '../../shared/types/alerts';
import type { Database } from '../store/database';
import type { Labels } from '../store/labels';

/** A silence as stored; its view adds its state and how many alerts it silences. */
export type Silence = Omit<SilenceView, 'state' | 'silencing'>;

interface SilenceRow {
  id: string;
  matchers: string;
  starts_at: number;
  ends_at: number;
  created_by: string;
  comment: string;
  created_at: number;
}

/** Silences older than this after they end are deleted. */
export const EXPIRED_SILENCE_RETENTION_MS = 7 * 86_400_000;

export function compileSilenceMatchers(matchers: readonly SilenceMatcher[]): (labels: Labels) => boolean {
  const tests = matchers.map((matcher) => {
    const regex = matcher.isRegex ? new RegExp(`^(?:${matcher.value})$`) : null;
    return (labels: Labels): boolean => {
      const value = labels[matcher.name] ?? '';
      const matches = regex === null ? value === matcher.value : regex.test(value);
      return matcher.isEqual ? matches : !matches;
    };
  });
  return (labels) => tests.every((test) => test(labels));
}

/**
 * Silences, as in Alertmanager: matchers over an alert's labels and a time span; while active,
 * matching alerts are shown as silenced and not notified. Kept in SQLite and in memory.
 */
export class SilenceStore {
  private readonly silences = new Map<string, Silence & { test: (labels: Labels) => boolean }>();
  private readonly insert: Statement;
  private readonly end: Statement<[number, number, string]>;
  private readonly prune: Statement<[number]>;

  constructor(db: Database) {
    this.insert = db.prepare(
      'INSERT INTO silences (id, matchers, starts_at, ends_at, created_by, comment, created_at, updated_at) VALUES (@id, @matchers, @startsAt, @endsAt, @createdBy, @comment, @createdAt, @createdAt)',
    );
    this.end = db.prepare('UPDATE silences SET ends_at = ?, updated_at = ? WHERE id = ?');
    this.prune = db.prepare('DELETE FROM silences WHERE ends_at < ?');
    for (const row of db.prepare<[], SilenceRow>('SELECT * FROM silences').all()) {
      this.remember({
        id: row.id,
        matchers: JSON.parse(row.matchers) as SilenceMatcher[],
        startsAt: row.starts_at,
        endsAt: row.ends_at,
        createdBy: row.created_by,
        comment: row.comment,
        createdAt: row.created_at,
      });
    }
  }

  create(input: Omit<Silence, 'id' | 'createdAt'>, at: number): Silence {
    const silence: Silence = { ...input, id: randomUUID(), createdAt: at };
    this.insert.run({ ...silence, matchers: JSON.stringify(silence.matchers) });
    this.remember(silence);
    return silence;
  }

  /** Ends a silence now (it stays listed as expired for a week). */
  expire(id: string, at: number): Silence | undefined {
    const silence = this.silences.get(id);
    if (silence === undefined) return undefined;
    if (silence.endsAt > at) {
      silence.endsAt = Math.max(at, silence.startsAt);
      this.end.run(silence.endsAt, at, id);
    }
    return silence;
  }

  get(id: string): Silence | undefined {
    return this.silences.get(id);
  }

  list(): Silence[] {
    return [...this.silences.values()];
  }

  /** The ids of the silences active at `at` that match these labels. */
  silencing(labels: Labels, at: number): string[] {
    const out: string[] = [];
    for (const silence of this.silences.values()) if (silence.startsAt <= at && at < silence.endsAt && silence.test(labels)) out.push(silence.id);
    return out;
  }

  /** When the next silence starts or ends: the router re-checks then. */
  nextChangeAfter(at: number): number | null {
    let next: number | null = null;
    for (const silence of this.silences.values()) {
      for (const time of [silence.startsAt, silence.endsAt]) if (time > at && (next === null || time < next)) next = time;
    }
    return next;
  }

  pruneExpired(at: number): void {
    const before = at - EXPIRED_SILENCE_RETENTION_MS;
    for (const [id, silence] of this.silences) if (silence.endsAt < before) this.silences.delete(id);
    this.prune.run(before);
  }

  private remember(silence: Silence): void {
    this.silences.set(silence.id, { ...silence, test: compileSilenceMatchers(silence.matchers) });
  }
}

export function silenceState(silence: Silence, at: number): SilenceView['state'] {
  if (at < silence.startsAt) return 'pending';
  return at < silence.endsAt ? 'active' : 'expired';
}
