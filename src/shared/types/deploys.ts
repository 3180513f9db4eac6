/** Deploys as the clients see them: stages with timings, the commit, who started it, the outcome. */

export type DeployStageName = 'fetch' | 'build' | 'release' | 'switch' | 'restart' | 'health' | 'watch' | 'rollback';
export type DeployStageStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped';
export type DeployOutcome = 'running' | 'succeeded' | 'failed' | 'rolled_back' | 'refused' | 'interrupted';

export interface DeployStageView {
  name: DeployStageName;
  status: DeployStageStatus;
  startedAt: number | null;
  finishedAt: number | null;
  message: string | null;
}

export interface DeployView {
  id: number;
  service: string;
  /** The ref asked for (branch, tag or commit) and the commit it resolved to. */
  ref: string;
  sha: string | null;
  author: string | null;
  subject: string | null;
  /** A person, "poll", "webhook", or "rollback" for a rollback by hand. */
  startedBy: string;
  kind: 'deploy' | 'rollback';
  startedAt: number;
  finishedAt: number | null;
  outcome: DeployOutcome;
  message: string | null;
  stage: DeployStageName | null;
  stages: DeployStageView[];
  /** The release that ran before, and the one running now. */
  previousSha: string | null;
  currentSha: string | null;
  log: string;
  auditId: number | null;
}

export interface ReleaseView {
  sha: string;
  createdAt: number;
  current: boolean;
}

export interface DeployTargetView {
  service: string;
  repo: string;
  ref: string;
  trigger: 'manual' | 'poll' | 'webhook';
  currentSha: string | null;
  releases: ReleaseView[];
  running: DeployView | null;
  last: DeployView | null;
}
