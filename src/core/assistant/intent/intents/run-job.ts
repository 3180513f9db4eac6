import type { AssistantCommand } from '../../../../shared/contract/assistant-plan';
import type { Clause } from '../clause';
import type { JobEntity, JobWork } from '../entities/vocabulary';
import { entityKey } from '../entities/entity-index';
import { none, type IntentDefinition } from './intent';
import { notNowOrElsewhere } from './service-action';
import { bringsBackUp } from './start';
import { wholeNumberOf } from '../whole-number';

const WORK_WORDS: ReadonlyArray<readonly [JobWork, string]> = [
  ['backup', 'work:backup'],
  ['cleanup', 'work:cleanup'],
  ['housekeeping', 'work:housekeeping'],
];

/**
 * The maintenance a sentence asks for without naming a job: "back up the db" (a backup job),
 * "clean up the logs" (a cleanup job), "备份数据库" — but "bring api back up" is a start.
 */
function workAskedFor(clause: Clause): JobWork | null {
  if (bringsBackUp(clause)) return null;
  return WORK_WORDS.find(([, concept]) => clause.has(concept))?.[0] ?? null;
}

/** A job does the work its steps are of (`backup:`), or that its name says ("nightly-backup" running pg_dump). */
const doesWork = (job: JobEntity, work: JobWork): boolean => job.does.includes(work) || job.words.some((part) => sameRoot(part, work));

/**
 * A verb we cannot do besides the work words ("delete the failed backup", "wipe old backups"):
 * the backup is what it acts on, not work asked for ("backup" is itself such a verb: "back up").
 */
export const cannotDoBesidesWork = (clause: Clause): boolean =>
  clause.words.some((word) => word.concepts.has('unsupported') && ![...word.concepts].some((concept) => concept.startsWith('work:')));

/** Asked for a kind of work that a job of the workspace does. */
const asksForJobWork = (clause: Clause): boolean => {
  const work = workAskedFor(clause);
  return work !== null && !cannotDoBesidesWork(clause) && clause.vocabulary.jobs.some((job) => doesWork(job, work));
};

/** "run 5 replicas of web" is a scale, whatever the verb. */
const countsReplicas = (clause: Clause): boolean => clause.has('replica') && clause.words.some((word) => word.usedBy === null && wholeNumberOf(word) !== null);

/**
 * The jobs the words point at: by name ("nightly-report"), else by the most parts of a name
 * ("run the report" → nightly-report; "back up the db" → db-backup), only jobs doing the work
 * asked for ("clean up", "备份") when it is. Several equally good are all returned (and asked about).
 */
export function jobsSaid(clause: Clause): JobEntity[] {
  const work = workAskedFor(clause);
  const jobs = clause.vocabulary.jobs.filter((job) => work === null || doesWork(job, work));
  const named = clause.names('job');
  if (named.length > 0) return jobs.filter((job) => named.includes(job.name));
  const said = new Set<string>();
  for (const word of clause.words) {
    if (word.usedBy === 'time' || word.usedBy === 'duration') continue;
    said.add(entityKey(word.token.lower));
    if (word.known !== null) said.add(entityKey(word.known));
    for (const [name, concept] of WORK_WORDS) if (word.concepts.has(concept)) said.add(name);
    if (word.concepts.has('log')) said.add('log');
    // Chinese words for the English words job names are made of: 每晚报告 → nightly, report.
    for (const concept of word.concepts) if (concept.startsWith('name-part:')) said.add(concept.slice('name-part:'.length));
    for (const mention of word.entities) for (const name of mention.candidates) said.add(entityKey(name));
  }
  let best: JobEntity[] = [];
  let bestScore = 0;
  for (const job of jobs) {
    const score = job.words.filter((part) => part.length >= 2 && [...said].some((word) => sameRoot(word, part))).length;
    if (score > bestScore) [best, bestScore] = [[job], score];
    else if (score === bestScore && score > 0) best.push(job);
  }
  // "back up" and no other word: the backup jobs (one is run, several are asked about).
  if (best.length === 0 && work !== null) return jobs;
  return best;
}

/** "logs" and "log", "rotation" and "rotate": one word, inflected (a shared start all but a letter of the shorter). */
function sameRoot(a: string, b: string): boolean {
  if (a === b) return true;
  let shared = 0;
  while (shared < a.length && a[shared] === b[shared]) shared++;
  return shared >= 3 && shared >= Math.min(a.length, b.length) - 1;
}

const runJob = (name: string, dryRun: boolean): AssistantCommand => ({ command: 'jobs.run', input: { name, ...(dryRun ? { dryRun: true } : {}) } });

/**
 * "run nightly-report", "trigger the cleanup job", "dry-run db-backup", "back up the db",
 * "执行 nightly-report", "备份数据库": jobs.run for one job of the workspace. Which job is never
 * guessed: several that fit, or none named, are asked about.
 */
export const runJobIntent: IntentDefinition = {
  name: 'run-job',
  triggers: ['run', 'rerun', 're-run', 'trigger', 'kick off', 'execute', 'exec', 'fire off', '运行', '执行', '跑', '跑一下', '跑一遍', '触发', '手动跑'],
  words: [
    ['job-noun', ['job', 'jobs', 'task', 'tasks', 'cron', 'cronjob', 'cron job', '任务', '作业', '定时任务']],
    ['work:backup', ['backup', 'back up', 'backups', 'take a backup', 'make a backup', '备份', '做个备份', '做备份', '备份一下']],
    ['work:cleanup', ['clean up', 'cleanup', 'clean', 'clear out', 'prune old', '清理', '清理一下', '清一下']],
    ['work:housekeeping', ['housekeeping', 'upkeep', 'vacuum', '维护', '整理数据库']],
    // "run the backup job dry" too: it had run for real.
    ['dry-run', ['dry run', 'dry-run', 'dryrun', 'dry', 'rehearse', '试运行', '演练', '预演', '空跑']],
    ['name-part:nightly', ['每晚', '夜间', '每天晚上']],
    ['name-part:daily', ['每天', '每日']],
    ['name-part:weekly', ['每周']],
    ['name-part:report', ['报告', '报表']],
  ],
  acts: true,
  score(clause) {
    // "restore the db backup": about a backup, not a run that takes one.
    if (clause.has('restore')) return 0;
    if (asksForJobWork(clause)) return 9;
    if (!clause.has('verb:run-job') && !clause.has('dry-run')) return 0;
    if (countsReplicas(clause)) return 0;
    return jobsSaid(clause).length > 0 || clause.has('job-noun') ? 10 : 4;
  },
  askedWithoutVerb: asksForJobWork,
  plan(clause, context) {
    if (clause.negated) return none('The sentence says not to run it; nothing to run.');
    const all = clause.vocabulary.jobs;
    const dryRun = clause.has('dry-run');
    const found = jobsSaid(clause);
    const option = (job: JobEntity) => ({ label: `${dryRun ? 'Dry-run' : 'Run'} ${job.name}`, commands: [runJob(job.name, dryRun)] });
    const job = found.length === 1 ? found[0] : undefined;
    if (job === undefined) {
      if (found.length > 1) return { kind: 'question', question: `Which job: ${found.map((entry) => entry.name).join(' or ')}?`, options: found.map(option) };
      const unknown = clause.unknownNames('job')[0];
      const service = clause.names('service')[0];
      const jobsHere = all.length === 0 ? 'this workspace has no jobs' : `jobs here: ${all.map((entry) => entry.name).join(', ')}`;
      if (service !== undefined) return none(`"${service}" is a service, not a job: say "start ${service}" to start it (${jobsHere}).`);
      if (all.length === 0) return none('This workspace has no jobs (they are declared under jobs: in the workspace file).');
      if (unknown !== undefined) {
        const near = clause.index.resembling(unknown.text, 'job');
        if (near.length === 0) return none(`There is no job "${unknown.text}" (${jobsHere}).`);
        return {
          kind: 'question',
          question: `There is no job "${unknown.text}". Did you mean ${near.join(' or ')}?`,
          options: all.filter((entry) => near.includes(entry.name)).map(option),
        };
      }
      return { kind: 'question', question: 'Run which job?', options: all.map(option) };
    }
    // "clean the cache" with only logs-cleanup: a job that does the work but not for what was named is offered, not run.
    const elsewhere = clause.names('service').find((service) => !job.words.some((part) => sameRoot(entityKey(service), part)));
    if (elsewhere !== undefined) return { kind: 'question', question: `No job names ${elsewhere}; run ${job.name}?`, options: [option(job)] };
    const command = runJob(job.name, dryRun);
    return notNowOrElsewhere(clause, context, `${dryRun ? 'Dry-run' : 'Run'} ${job.name}`, [command]) ?? { kind: 'commands', commands: [command] };
  },
};
