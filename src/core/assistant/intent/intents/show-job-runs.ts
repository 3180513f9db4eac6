import type { ClausePlan, IntentDefinition } from './intent';
import { none } from './intent';
import { reportsRatherThanAsks } from './reports-rather-than-asks';
import { cannotDoBesidesWork, jobsSaid } from './run-job';

/**
 * "did the nightly dump succeed", "did last night's backup finish", "when did rotate-logs last run", "show the last runs of
 * search-reindex", "备份任务的运行记录": a job's recent runs (jobs.runs; the palette opens the Jobs
 * page, `zervigo ask` prints them). A question about running never runs it (run-job.ts is zeroed then).
 */
export const showJobRunsIntent: IntentDefinition = {
  name: 'job-runs',
  triggers: [],
  words: [
    [
      'run-history',
      [
        'history',
        'last run',
        'last runs',
        'succeed',
        'succeeded',
        'success',
        'successful',
        'fail',
        'failed',
        'result',
        'results',
        'outcome',
        'finish',
        'finished',
        'complete',
        'completed',
        'went',
        'go',
        '记录',
        '历史',
        '成功',
        '失败',
        '结果',
        '运行记录',
      ],
    ],
  ],
  // "did the backup succeed", "备份成功了吗": the job's work word is not the backup we cannot take from a sentence.
  askedWithoutVerb: (clause) => !cannotDoBesidesWork(clause),
  score(clause) {
    // Every keystroke scores every intent: the cheap tests first, matching jobs by their words last.
    const asksAboutRuns = clause.has('run-history') || (clause.has('verb:run-job') && reportsRatherThanAsks(clause, 'verb:run-job'));
    return asksAboutRuns && (clause.has('job-noun') || jobsSaid(clause).length > 0) ? 8 : 0;
  },
  plan(clause): ClausePlan {
    const found = jobsSaid(clause);
    if (found.length === 0)
      return none(
        `Which job? ${clause.vocabulary.jobs.length === 0 ? 'This workspace has no jobs.' : `Jobs here: ${clause.vocabulary.jobs.map((job) => job.name).join(', ')}.`}`,
      );
    const runsOf = (name: string) => ({ command: 'jobs.runs' as const, input: { name, limit: 10 } });
    if (found.length > 1)
      return {
        kind: 'question',
        question: `Which job: ${found.map((job) => job.name).join(' or ')}?`,
        options: found.map((job) => ({ label: `Runs of ${job.name}`, commands: [runsOf(job.name)] })),
      };
    return { kind: 'commands', commands: [runsOf((found[0] as { name: string }).name)] };
  },
};
