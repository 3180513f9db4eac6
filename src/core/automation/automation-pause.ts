import type { AutomationState } from '../../shared/types/jobs';
import type { Database } from '../store/database';

/** What the switch holds back, said wherever it is shown. */
export const PAUSE_COVERS =
  'Pausing holds back scheduled and triggered jobs, rule then: actions, and deploys started by polling or a webhook. Crash healing (restart policies) goes on; runs and deploys started by a person still run.';

interface PauseRow {
  paused: number;
  by: string | null;
  reason: string | null;
  since: number | null;
}

/**
 * The global "pause automation" switch, kept in the database so a pause survives a restart.
 * Jobs, rule actions and deploys read it; the header, the tray and the API flip it.
 */
export class AutomationPause {
  private state: AutomationState;
  private readonly listeners = new Set<(state: AutomationState) => void>();

  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {
    const row = db.prepare('SELECT paused, by, reason, since FROM automation_pause WHERE id = 1').get() as PauseRow | undefined;
    this.state = { paused: row?.paused === 1, by: row?.by ?? null, reason: row?.reason ?? null, since: row?.since ?? null, covers: PAUSE_COVERS };
  }

  get(): AutomationState {
    return this.state;
  }

  isPaused(): boolean {
    return this.state.paused;
  }

  /** Who paused automation, while it is paused (undefined when it runs): what rule actions and the autoscaler hold back for. */
  pausedBy(): { by: string | null } | undefined {
    return this.isPaused() ? { by: this.get().by } : undefined;
  }

  set(paused: boolean, by: string, reason: string | null): AutomationState {
    if (paused === this.state.paused) return this.state;
    this.state = { paused, by, reason, since: this.now(), covers: PAUSE_COVERS };
    this.db
      .prepare('INSERT OR REPLACE INTO automation_pause (id, paused, by, reason, since) VALUES (1, ?, ?, ?, ?)')
      .run(paused ? 1 : 0, by, reason, this.state.since);
    for (const listener of this.listeners) listener(this.state);
    return this.state;
  }

  onChange(listener: (state: AutomationState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
