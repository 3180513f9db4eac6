import type { DeployOutcome, DeployStageName, DeployStageView, DeployView } from '../../shared/types/deploys';
import type { Database } from '../store/database';

/** A deploy's log keeps its end: fetch and build output, stage by stage. */
export const KEEP_LOG_CHARS = 256 * 1024;

interface DeployRow {
  id: number;
  service: string;
  kind: 'deploy' | 'rollback';
  ref: string;
  sha: string | null;
  author: string | null;
  subject: string | null;
  started_by: string;
  started_at: number;
  finished_at: number | null;
  outcome: DeployOutcome;
  message: string | null;
  stage: DeployStageName | null;
  stages: string;
  previous_sha: string | null;
  current_sha: string | null;
  log: string;
  audit_id: number | null;
}

const toView = (row: DeployRow): DeployView => ({
  id: row.id,
  service: row.service,
  kind: row.kind,
  ref: row.ref,
  sha: row.sha,
  author: row.author,
  subject: row.subject,
  startedBy: row.started_by,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  outcome: row.outcome,
  message: row.message,
  stage: row.stage,
  stages: JSON.parse(row.stages) as DeployStageView[],
  previousSha: row.previous_sha,
  currentSha: row.current_sha,
  log: row.log,
  auditId: row.audit_id,
});

export type DeployUpdate = Partial<
  Pick<DeployView, 'sha' | 'author' | 'subject' | 'finishedAt' | 'outcome' | 'message' | 'stage' | 'stages' | 'previousSha' | 'currentSha' | 'log' | 'auditId'>
>;

const columns: Record<keyof DeployUpdate, string> = {
  sha: 'sha',
  author: 'author',
  subject: 'subject',
  finishedAt: 'finished_at',
  outcome: 'outcome',
  message: 'message',
  stage: 'stage',
  stages: 'stages',
  previousSha: 'previous_sha',
  currentSha: 'current_sha',
  log: 'log',
  auditId: 'audit_id',
};

/** Every deploy and rollback: commit, author, subject, who started it, stage timings, log, outcome. */
export class DeployStore {
  constructor(private readonly db: Database) {}

  markInterrupted(at: number): void {
    this.db
      .prepare(
        "UPDATE deploys SET outcome = 'interrupted', finished_at = ?, message = coalesce(message, 'Zervigo stopped before this deploy finished') WHERE outcome = 'running'",
      )
      .run(at);
  }

  create(deploy: {
    service: string;
    kind: 'deploy' | 'rollback';
    ref: string;
    startedBy: string;
    startedAt: number;
    stages: DeployStageView[];
    outcome?: DeployOutcome;
    message?: string | null;
    currentSha: string | null;
  }): DeployView {
    const row = this.db
      .prepare(
        'INSERT INTO deploys (service, kind, ref, started_by, started_at, finished_at, outcome, message, stages, previous_sha, current_sha) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *',
      )
      .get(
        deploy.service,
        deploy.kind,
        deploy.ref,
        deploy.startedBy,
        deploy.startedAt,
        deploy.outcome === undefined || deploy.outcome === 'running' ? null : deploy.startedAt,
        deploy.outcome ?? 'running',
        deploy.message ?? null,
        JSON.stringify(deploy.stages),
        deploy.currentSha,
        deploy.currentSha,
      ) as DeployRow;
    return toView(row);
  }

  update(id: number, update: DeployUpdate): void {
    const sets: string[] = [];
    const values: (string | number | null)[] = [];
    for (const [key, value] of Object.entries(update) as [keyof DeployUpdate, unknown][]) {
      if (value === undefined) continue;
      sets.push(`${columns[key]} = ?`);
      values.push(key === 'stages' ? JSON.stringify(value) : key === 'log' ? (value as string).slice(-KEEP_LOG_CHARS) : (value as string | number | null));
    }
    if (sets.length > 0) this.db.prepare(`UPDATE deploys SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
  }

  get(id: number): DeployView | undefined {
    const row = this.db.prepare('SELECT * FROM deploys WHERE id = ?').get(id) as DeployRow | undefined;
    return row === undefined ? undefined : toView(row);
  }

  list(service: string | undefined, limit: number): DeployView[] {
    const rows =
      service === undefined
        ? this.db.prepare('SELECT * FROM deploys ORDER BY id DESC LIMIT ?').all(limit)
        : this.db.prepare('SELECT * FROM deploys WHERE service = ? ORDER BY id DESC LIMIT ?').all(service, limit);
    return (rows as DeployRow[]).map(toView);
  }

  /** The newest commit of this service whose deploy failed: polling does not deploy it again and again. */
  lastFailedSha(service: string): string | null {
    const row = this.db.prepare("SELECT sha FROM deploys WHERE service = ? AND kind = 'deploy' AND sha IS NOT NULL ORDER BY id DESC LIMIT 1").get(service) as
      { sha: string } | undefined;
    const outcome = this.db
      .prepare("SELECT outcome FROM deploys WHERE service = ? AND kind = 'deploy' AND sha IS NOT NULL ORDER BY id DESC LIMIT 1")
      .get(service) as { outcome: DeployOutcome } | undefined;
    return row !== undefined && (outcome?.outcome === 'failed' || outcome?.outcome === 'rolled_back') ? row.sha : null;
  }

  /** Keeps the newest `keep` records per service. */
  prune(keep: number): number {
    return this.db
      .prepare(
        "DELETE FROM deploys WHERE outcome != 'running' AND id NOT IN (SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY service ORDER BY id DESC) AS n FROM deploys) WHERE n <= ?)",
      )
      .run(keep).changes;
  }
}
