import type { AssistantCommand } from '../contract/assistant-plan';
import type { DeployView } from '../types/deploys';
import type { JobRunSummary } from '../types/jobs';
import type { OperationResult } from '../types/operate';

/** What a command from a sentence came to, in one line, and the page that follows it further. */
export interface CommandOutcome {
  ok: boolean;
  summary: string;
  /** "/deploys" or "/jobs": where a deploy or a job run goes on after this answer. */
  page?: string;
}

const FAILED_DEPLOY = new Set(['failed', 'rolled_back', 'refused', 'interrupted']);
const FAILED_RUN = new Set(['failed', 'timed_out', 'cancelled', 'interrupted']);

/**
 * The palette's toast and `zervigo ask` say the same: an operation's own summary, a deploy's or a
 * job run's number and state (a deploy answers while it still runs), else that it was done.
 */
export function commandOutcome(entry: AssistantCommand, result: unknown): CommandOutcome {
  if (isOperation(result)) return { ok: result.ok, summary: result.summary };
  if ((entry.command === 'deploys.start' || entry.command === 'deploys.rollback') && hasFields<DeployView>(result, 'id', 'outcome', 'service')) {
    const what = result.kind === 'rollback' ? 'Rollback' : 'Deploy';
    const state = result.outcome === 'running' ? `running${result.stage === null ? '' : ` (${result.stage})`}` : result.outcome.replace('_', ' ');
    return {
      ok: !FAILED_DEPLOY.has(result.outcome),
      summary: `${what} #${result.id} of ${result.service}: ${state}${result.message === null ? '' : ` — ${result.message}`}`,
      page: '/deploys',
    };
  }
  if (entry.command === 'jobs.run' && hasFields<JobRunSummary>(result, 'id', 'outcome', 'job')) {
    return {
      ok: !FAILED_RUN.has(result.outcome),
      summary: `Run #${result.id} of ${result.job}: ${result.outcome.replace('_', ' ')}${result.message === null ? '' : ` — ${result.message}`}`,
      page: '/jobs',
    };
  }
  return { ok: true, summary: 'Done.' };
}

function isOperation(result: unknown): result is OperationResult {
  return typeof result === 'object' && result !== null && 'summary' in result && 'ok' in result;
}

function hasFields<T>(result: unknown, ...fields: string[]): result is T {
  return typeof result === 'object' && result !== null && fields.every((field) => field in result);
}
