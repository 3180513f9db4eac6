import type { DeployStageView, DeployView } from '../../../../shared/types/deploys';
import { formatSpan } from '../../format/duration';

const stageWeight: Record<DeployStageView['status'], number> = { pending: 0, running: 1, done: 2, failed: 2, skipped: 2 };

/** How far a deploy has gone: a finished one beats any running snapshot, then the stages started and ended. */
function progressOf(view: DeployView): number {
  if (view.finishedAt !== null) return Number.MAX_SAFE_INTEGER;
  return view.stages.reduce((sum, stage) => sum + stageWeight[stage.status], 0);
}

/**
 * Deploys merged by id, newest first. Answers come over HTTP and events over the socket, so a
 * snapshot can arrive after a later one: a deploy never goes back to an earlier stage.
 */
export function mergeDeploys(current: readonly DeployView[], incoming: readonly DeployView[]): DeployView[] {
  const byId = new Map(current.map((view) => [view.id, view]));
  for (const view of incoming) {
    const known = byId.get(view.id);
    if (known === undefined || progressOf(view) >= progressOf(known)) byId.set(view.id, view);
  }
  return [...byId.values()].sort((a, b) => b.id - a.id);
}

/** "fetch 0.4 s · build 2.1 s · release…": each stage that started, with how long it took (or runs, at `now`). */
export function stageTimings(view: DeployView, now: number): string {
  return view.stages
    .filter((stage) => stage.startedAt !== null)
    .map((stage) => `${stage.name} ${formatSpan((stage.finishedAt ?? now) - (stage.startedAt as number))}${stage.status === 'running' ? '…' : ''}`)
    .join(' · ');
}
