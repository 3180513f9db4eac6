import { describe, expect, it } from 'vitest';
import { CommandParser } from '../../../src/core/assistant/intent/command-parser';
import { vocabularyFromWorkspace } from '../../../src/core/assistant/intent/entities/vocabulary';
import { parseWorkspace } from '../../../src/core/config/parse-workspace';
import { builtinKinds } from '../../../src/core/builtin-kinds';
import { commands } from '../../../src/shared/contract';
import type { AssistantCommand, AssistantPlan } from '../../../src/shared/contract/assistant-plan';

/** Names unlike the labelled set's: the capability, not its vocabulary. */
const workspace = `version: 1
environment: staging
environments:
  staging: {}
  live: { confirm_destructive: true }
machine: false
services:
  postgres: { start: postgres -D data }
  storefront: { start: node store.js, deploy: { repo: ./repos/storefront } }
  checkout-api: { start: node checkout.js, deploy: { repo: ./repos/checkout, branch: release } }
  mailer: { start: node mailer.js }
jobs:
  pg-dump-nightly:
    schedule: "0 2 * * *"
    backup: { command: [pg_dump, shop], to: ./backups }
  rotate-logs:
    cleanup: { paths: ["./logs/*.log"], older_than: 3d }
  search-reindex:
    steps: [{ exec: [./reindex.sh] }]
`;

function parserFor(environment: string | null = null): CommandParser {
  const parsed = parseWorkspace(workspace, { kinds: builtinKinds, file: 'zervigo.yaml', environment, processEnv: {} });
  if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
  return new CommandParser(vocabularyFromWorkspace(parsed.workspace.config, { environment: parsed.workspace.environment, workspaceDir: '/srv/shop' }));
}
const parse = (text: string, environment: string | null = null): AssistantPlan =>
  parserFor(environment).parse(text, { now: Date.parse('2026-03-10T14:03:00Z'), utcOffsetMinutes: 0 });
const run = (...list: AssistantCommand[]) => ({ commands: list });
/** The commands of a plan that change something (a viewer may not run them). */
const acting = (plan: AssistantPlan): string[] =>
  'commands' in plan ? plan.commands.filter((command) => commands[command.command].permission !== 'view').map((command) => command.command) : [];
const deploy = (service: string, ref?: string): AssistantCommand => ({ command: 'deploys.start', input: { service, ...(ref === undefined ? {} : { ref }) } });
const rollback = (service: string): AssistantCommand => ({ command: 'deploys.rollback', input: { service } });
const job = (name: string, dryRun = false): AssistantCommand => ({ command: 'jobs.run', input: { name, ...(dryRun ? { dryRun: true } : {}) } });

describe('deploys, rollbacks and jobs from a sentence', () => {
  it('deploys one service with a deploy: section, with the ref when one is said', () => {
    expect(parse('deploy storefront')).toEqual(run(deploy('storefront')));
    expect(parse('ship the checkout api v2.3.1')).toEqual(run(deploy('checkout-api', 'v2.3.1')));
    expect(parse('deploy branch hotfix-42 to storefront')).toEqual(run(deploy('storefront', 'hotfix-42')));
    expect(parse('deploy storefront at 9c1e4f2')).toEqual(run(deploy('storefront', '9c1e4f2')));
    expect(parse('redeploy storfront')).toEqual(run(deploy('storefront')));
    expect(parse('部署 storefront')).toEqual(run(deploy('storefront')));
    expect(parse('把 checkout-api 发布一下')).toEqual(run(deploy('checkout-api')));
  });

  it('rolls back one deployed service', () => {
    expect(parse('roll back storefront')).toEqual(run(rollback('storefront')));
    expect(parse('revert the last deploy of checkout api')).toEqual(run(rollback('checkout-api')));
    expect(parse('回滚 storefront')).toEqual(run(rollback('storefront')));
    expect(parse('deploy storefront then roll it back')).toEqual(run(deploy('storefront'), rollback('storefront')));
  });

  it('never guesses what to deploy or roll back, and refuses what has no deploy: section', () => {
    expect(parse('deploy')).toMatchObject({ question: 'Deploy which service?' });
    expect(parse('roll back')).toMatchObject({ question: 'Roll back which service?' });
    expect(parse('deploy postgres')).toEqual({ none: expect.stringContaining('postgres has no deploy: section') as string });
    expect(parse('deploy everything')).toEqual({ none: expect.stringContaining('one service at a time') as string });
    expect(parse('deploy storefront and checkout-api')).toHaveProperty('none');
    expect(parse("don't deploy storefront")).toHaveProperty('none');
    // Reporting on a deploy is not asking for one: the history answers it.
    for (const text of ['when was storefront deployed', 'show the deploys of storefront', 'storefront 部署了吗']) expect(acting(parse(text)), text).toEqual([]);
    // A time or another environment is asked about, not run here now.
    expect(parse('deploy storefront in 10 minutes')).toMatchObject({ question: expect.stringContaining('does not schedule') as string });
    expect(parse('deploy storefront to live')).toMatchObject({ options: [{ commands: [{ command: 'workspace.setEnvironment' }, deploy('storefront')] }] });
  });

  it('confirms deploys, rollbacks and job runs in a confirm_destructive environment', () => {
    for (const text of ['deploy storefront', 'roll back storefront', 'run rotate-logs'])
      expect(parse(text, 'live')).toMatchObject({ confirm: { environment: 'live' } });
    expect(parse('deploy storefront', 'staging')).not.toHaveProperty('confirm');
  });

  it('runs a job by its name, a part of it, or a backup asked for in words', () => {
    expect(parse('run search-reindex')).toEqual(run(job('search-reindex')));
    expect(parse('trigger the reindex job')).toEqual(run(job('search-reindex')));
    expect(parse('kick off rotate logs')).toEqual(run(job('rotate-logs')));
    expect(parse('dry run the log rotation job')).toEqual(run(job('rotate-logs', true)));
    // "dry" after the job: it had run for real.
    expect(parse('run the reindex job dry')).toEqual(run(job('search-reindex', true)));
    expect(parse('take a backup')).toEqual(run(job('pg-dump-nightly')));
    expect(parse('备份一下')).toEqual(run(job('pg-dump-nightly')));
    expect(parse('clean up the logs')).toEqual(run(job('rotate-logs')));
    // A job that does the work but does not name what was named is offered, not run.
    expect(parse('back up the database')).toEqual({
      question: 'No job names postgres; run pg-dump-nightly?',
      options: [{ label: 'Run pg-dump-nightly', commands: [job('pg-dump-nightly')] }],
    });
    expect(parse('clean up mailer')).toMatchObject({ question: 'No job names mailer; run rotate-logs?' });
    expect(parse('执行 search-reindex')).toEqual(run(job('search-reindex')));
    expect(parse('run the job')).toMatchObject({ question: 'Run which job?' });
    expect(parse('run search-reindx')).toMatchObject({ commands: [{ input: { name: 'search-reindex' } }] });
    expect(parse('run zzzq')).toEqual({ none: 'There is no job "zzzq" (jobs here: pg-dump-nightly, rotate-logs, search-reindex).' });
    expect(parse('run mailer')).toEqual({ none: expect.stringContaining('"mailer" is a service, not a job') as string });
    // Questions about runs never start one.
    for (const text of ['when did pg-dump-nightly last run', 'is the backup running', 'show the job runs', 'what triggered the alert', '备份什么时候跑的'])
      expect(acting(parse(text)), text).toEqual([]);
    // Not a backup: a start said without its verb.
    expect(parse('bring mailer back up')).toEqual(run({ command: 'services.start', input: { services: ['mailer'] } }));
  });

  it('produces inputs the contract schemas accept', () => {
    for (const text of ['deploy storefront', 'ship the checkout api v2.3.1', 'roll back storefront', 'dry run rotate-logs', 'take a backup']) {
      const plan = parse(text);
      if (!('commands' in plan)) throw new Error(`${text}: ${JSON.stringify(plan)}`);
      for (const entry of plan.commands) expect(commands[entry.command].input.safeParse(entry.input).success, JSON.stringify(entry)).toBe(true);
    }
  });
});
