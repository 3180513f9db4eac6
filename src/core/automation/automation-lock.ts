import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Database } from '../store/database';

/** Who holds a lock: a process (pid and its start time, so a reused pid is not mistaken for it) and one engine in it. */
interface Owner {
  pid: number;
  start: string;
  token: string;
}

interface LockRow {
  key: string;
  holder: number;
  owner_pid: number;
  owner_start: string;
  owner_token: string;
  taken_at: number;
}

/** Engines alive in this process: a lock of one that stopped without releasing is stale too. */
const liveTokens = new Set<string>();

/** The start time of a process (clock ticks since boot, /proc/<pid>/stat field 22), or "" where unknown. */
export function processStart(pid: number): string | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' ? null : (fields[19] ?? '');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return '';
  }
}

function ownerAlive(row: LockRow): boolean {
  if (row.owner_pid === process.pid) return liveTokens.has(row.owner_token);
  const start = processStart(row.owner_pid);
  if (start === null) return false;
  // Where /proc is missing we cannot tell a reused pid apart: the lock stands.
  return start === '' || row.owner_start === '' || start === row.owner_start;
}

export type LockResult = { ok: true } | { ok: false; holder: number; ownerPid: number; takenAt: number };

/**
 * A row per running job or deploy in SQLite, so the same job never runs twice at once — not in
 * two engines on one data folder, not after a crash and a restart. A row whose owner process is
 * gone (or whose pid now belongs to another process) is stale and taken over.
 */
export class AutomationLocks {
  private readonly owner: Owner;

  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {
    this.owner = { pid: process.pid, start: processStart(process.pid) ?? '', token: crypto.randomUUID() };
    liveTokens.add(this.owner.token);
  }

  /** Takes the lock for `holder` (a run or deploy id), unless someone alive holds it. */
  acquire(key: string, holder: number): LockResult {
    return this.db
      .transaction((): LockResult => {
        const row = this.db.prepare('SELECT * FROM automation_locks WHERE key = ?').get(key) as LockRow | undefined;
        if (row !== undefined && ownerAlive(row)) return { ok: false, holder: row.holder, ownerPid: row.owner_pid, takenAt: row.taken_at };
        this.db
          .prepare('INSERT OR REPLACE INTO automation_locks (key, holder, owner_pid, owner_start, owner_token, taken_at) VALUES (?, ?, ?, ?, ?, ?)')
          .run(key, holder, this.owner.pid, this.owner.start, this.owner.token, this.now());
        return { ok: true };
      })
      .immediate();
  }

  /** Gives the lock back if this engine holds it for `holder`. */
  release(key: string, holder: number): void {
    this.db.prepare('DELETE FROM automation_locks WHERE key = ? AND holder = ? AND owner_token = ?').run(key, holder, this.owner.token);
  }

  /** The holder of a lock that is held by someone alive, else null. */
  heldBy(key: string): number | null {
    const row = this.db.prepare('SELECT * FROM automation_locks WHERE key = ?').get(key) as LockRow | undefined;
    return row !== undefined && ownerAlive(row) ? row.holder : null;
  }

  /** This engine stops: its locks go, and its token no longer counts as alive. */
  dispose(): void {
    this.db.prepare('DELETE FROM automation_locks WHERE owner_token = ?').run(this.owner.token);
    liveTokens.delete(this.owner.token);
  }
}
