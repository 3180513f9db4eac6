import { parse } from 'yaml';
import type { Database } from '../store/database';
import type { ChangeRecord } from './rca/change-timing';

/**
 * The changes the ranking weighs, read from the store: workspace versions (with the services
 * whose settings changed, from comparing each version with the one before it) and audit entries
 * of a person's or a deploy's doing (restart, start, stop, deploy, rollback). The supervisor's
 * and rules' own restarts are reactions to trouble, and autostart is the workspace opening: not
 * changes, left out.
 */
const CHANGE_ACTIONS = ['restart', 'start', 'stop', 'deploy', 'rollback'];
const AUTOMATIC_ACTOR = /^(supervisor|autostart|rule:|automation|system|job:)/;

interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string;
  outcome: string;
  message: string | null;
}

export function changesBetween(db: Database, start: number, end: number): ChangeRecord[] {
  const changes: ChangeRecord[] = [];
  const audit = db
    .prepare<(number | string)[], AuditRow>(
      `SELECT id, at, actor, action, target, outcome, message FROM audit_log WHERE at >= ? AND at <= ? AND action IN (${CHANGE_ACTIONS.map(() => '?').join(', ')}) ORDER BY at`,
    )
    .all(start, end, ...CHANGE_ACTIONS);
  for (const row of audit) {
    if (AUTOMATIC_ACTOR.test(row.actor) || row.outcome === 'refused' || row.outcome === 'dry_run' || row.outcome === 'skipped') continue;
    const services = row.target === '(all)' ? [] : row.target.split(', ').filter((name) => name !== '');
    changes.push({
      target: `${row.action} ${row.target}`,
      kind: row.action === 'deploy' || row.action === 'rollback' ? 'deploy' : row.action === 'restart' ? 'restart' : 'other',
      at: row.at,
      services,
      actor: row.actor,
      detail: row.message ?? `${row.action} ${row.target}`,
      link: { kind: 'audit', auditId: row.id },
    });
  }
  const versions = db
    .prepare<[number, number], { id: number; at: number; source: string; file: string; content: string }>(
      'SELECT id, at, source, file, content FROM config_versions WHERE at >= ? AND at <= ? ORDER BY id',
    )
    .all(start, end);
  for (const version of versions) {
    const previous = db
      .prepare<[string, number], { id: number; content: string }>('SELECT id, content FROM config_versions WHERE file = ? AND id < ? ORDER BY id DESC LIMIT 1')
      .get(version.file, version.id);
    // The first version of a file is the workspace being opened, not a change.
    if (previous === undefined) continue;
    const touched = changedServicesOf(db, previous, version);
    if (touched.services.length === 0 && !touched.other) continue;
    const what = touched.services.length > 0 ? `changed ${touched.services.join(', ')}` : 'changed the workspace outside services';
    changes.push({
      target: `workspace version ${version.id}`,
      kind: 'workspace',
      at: version.at,
      services: [...touched.services],
      actor: version.source,
      detail: `workspace version ${version.id} ${what}`,
      link: { kind: 'workspace', versionId: version.id, previousVersionId: previous.id },
    });
  }
  return changes;
}

/** Stored versions never change: each pair is compared once per database, not at every ranking (two YAML parses each). */
const comparedPairs = new WeakMap<Database, Map<string, { services: string[]; other: boolean }>>();
const COMPARED_PAIRS_KEPT = 256;

function changedServicesOf(
  db: Database,
  previous: { id: number; content: string },
  version: { id: number; content: string },
): { services: string[]; other: boolean } {
  let pairs = comparedPairs.get(db);
  if (pairs === undefined) {
    pairs = new Map();
    comparedPairs.set(db, pairs);
  }
  const key = `${previous.id}>${version.id}`;
  let touched = pairs.get(key);
  if (touched === undefined) {
    touched = changedServices(previous.content, version.content);
    pairs.set(key, touched);
    // Oldest first out: a ranking reads the versions of the last hour or so.
    if (pairs.size > COMPARED_PAIRS_KEPT) pairs.delete(pairs.keys().next().value as string);
  }
  return touched;
}

/** The services whose settings differ between two workspace texts, and whether anything else did. */
export function changedServices(before: string, after: string): { services: string[]; other: boolean } {
  const a = readWorkspace(before);
  const b = readWorkspace(after);
  if (a === null || b === null) return { services: [], other: before !== after };
  const names = new Set([...Object.keys(a.services), ...Object.keys(b.services)]);
  const services = [...names].filter((name) => JSON.stringify(a.services[name]) !== JSON.stringify(b.services[name])).sort();
  return { services, other: JSON.stringify(a.rest) !== JSON.stringify(b.rest) };
}

function readWorkspace(text: string): { services: Record<string, unknown>; rest: Record<string, unknown> } | null {
  try {
    const document = parse(text) as unknown;
    if (document === null || typeof document !== 'object') return null;
    const { services, ...rest } = document as Record<string, unknown>;
    return { services: services !== null && typeof services === 'object' ? (services as Record<string, unknown>) : {}, rest };
  } catch {
    return null;
  }
}
