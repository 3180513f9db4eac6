import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../../src/core/store/audit-log';
import { openDatabase } from '../../../src/core/store/database';
import type { AuditEntry } from '../../../src/shared/types/operate';
import { tempDir } from '../../helpers/temp-dir';

describe('the audit log', () => {
  it('writes an entry when an action begins and completes it at the end, with its duration', () => {
    let now = 1_000;
    const changes: AuditEntry[] = [];
    const db = openDatabase(path.join(tempDir(), 'zervigo.db'));
    const audit = new AuditLog(
      db,
      () => now,
      (entry) => changes.push(entry),
    );
    const id = audit.begin({ actor: 'browser', action: 'restart', target: 'api', operation: 'op1' });
    expect(audit.get(id)).toMatchObject({ outcome: 'running', durationMs: null });
    now += 1_250;
    audit.finish(id, 'ok', 'ready after 1s', { pid: 42 });
    expect(audit.get(id)).toEqual({
      id,
      at: 1_000,
      actor: 'browser',
      action: 'restart',
      target: 'api',
      outcome: 'ok',
      message: 'ready after 1s',
      durationMs: 1_250,
      operation: 'op1',
      details: { pid: 42 },
    });
    expect(changes.map((entry) => entry.outcome)).toEqual(['running', 'ok']);
    audit.record({ actor: 'rule:X', action: 'stop', target: 'db', outcome: 'dry_run', message: 'would stop db' });
    expect(audit.list({ limit: 10 }).map((entry) => entry.target)).toEqual(['db', 'api']);
    expect(audit.list({ limit: 10, actor: 'browser' }).map((entry) => entry.id)).toEqual([id]);
    expect(audit.list({ limit: 10, operation: 'op1', outcome: 'ok' })).toHaveLength(1);
    expect(audit.list({ limit: 10, before: id + 1 }).map((entry) => entry.id)).toEqual([id]);
    db.close();
  });

  it('loses nothing when Zervigo stops halfway: the open entry reads "interrupted" after the next start', () => {
    const file = path.join(tempDir(), 'zervigo.db');
    const first = openDatabase(file);
    const id = new AuditLog(first, () => 5).begin({ actor: 'api', action: 'stop', target: 'db' });
    first.close();
    const second = openDatabase(file);
    const audit = new AuditLog(second, () => 6);
    expect(audit.markInterrupted()).toBe(1);
    expect(audit.get(id)).toMatchObject({ outcome: 'interrupted', message: 'Zervigo stopped before this finished' });
    second.close();
  });
});
