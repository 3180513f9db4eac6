import type { Command } from 'commander';
import type { CommandInput, CommandName, CommandOutput } from '../../shared/contract';
import type { DeployView } from '../../shared/types/deploys';
import type { JobRunView } from '../../shared/types/jobs';
import { formatDuration } from '../../shared/duration';
import { formatTimestamp, printTable } from '../output';
import { callConsole, type ServerFlags } from '../console-call';
import { withServerFlags } from './users';

/** Jobs and deploys run in the engine that runs the services: the running `zervigo serve`. */
function call<K extends CommandName>(command: Command, flags: ServerFlags, name: K, input: CommandInput<K>): Promise<CommandOutput<K>> {
  // Waiting for a run or a deploy: as long as it takes (its own timeouts end it).
  return callConsole(command, flags, name, input, { timeoutMs: 24 * 3_600_000 });
}

const out = (line: string): boolean => process.stdout.write(`${line}\n`);
const took = (start: number, end: number | null): string => (end === null ? '-' : formatDuration(end - start));

function printRun(run: JobRunView): void {
  out(`${run.job} run #${run.id}: ${run.outcome}${run.message === null ? '' : ` — ${run.message}`} (${took(run.startedAt, run.finishedAt)})`);
  for (const step of run.steps) {
    out(
      `  ${step.phase === 'rollback' ? 'rollback ' : ''}${step.index + 1}. ${step.name}: ${step.outcome}${step.message === null ? '' : ` — ${step.message}`}`,
    );
    const text = step.output.trimEnd();
    if (text !== '') for (const line of text.split('\n').slice(-20)) out(`     ${line}`);
  }
}

function printDeploy(deploy: DeployView): void {
  out(
    `${deploy.kind} #${deploy.id} of ${deploy.service} (${deploy.ref}${deploy.sha === null ? '' : ` = ${deploy.sha.slice(0, 7)}`}${deploy.subject === null ? '' : ` "${deploy.subject}"`}): ${deploy.outcome}`,
  );
  for (const stage of deploy.stages)
    out(
      `  ${stage.name.padEnd(8)} ${stage.status.padEnd(7)} ${stage.startedAt === null ? '' : took(stage.startedAt, stage.finishedAt).padEnd(7)} ${stage.message ?? ''}`,
    );
  if (deploy.message !== null) out(deploy.message);
}

/** An outcome that is not success exits 1, so scripts and CI can rely on the exit code. */
function exitFor(ok: boolean): void {
  if (!ok) process.exitCode = 1;
}

export function registerAutomationCommands(program: Command): void {
  const jobs = program.command('jobs').description('scheduled and triggered jobs of the running console: list, run (waits, exit 1 if it failed), runs, show');
  withServerFlags(jobs.command('list').option('--json', 'as JSON').description('jobs with their schedules, next runs and last outcome')).action(
    async (flags: ServerFlags, command: Command) => {
      const list = await call(command, flags, 'jobs.list', {});
      if (flags.json === true) return void out(JSON.stringify(list, null, 2));
      printTable(
        ['JOB', 'SCHEDULE', 'NEXT', 'LAST', 'TRIGGERS'],
        list.map((job) => [
          job.name,
          job.schedule === null ? '-' : `${job.schedule}${job.timezone === null ? '' : ` (${job.timezone})`}`,
          job.nextRuns[0] === undefined ? '-' : formatTimestamp(job.nextRuns[0]),
          job.lastRun === null ? '-' : `#${job.lastRun.id} ${job.lastRun.outcome}`,
          job.triggers.join(', ') || '-',
        ]),
      );
    },
  );
  withServerFlags(
    jobs
      .command('run')
      .argument('<name>', 'the job')
      .option('--dry-run', 'only record what it would do')
      .option('--yes', 'confirm in a confirm_destructive environment')
      .option('--no-wait', 'start it and return')
      .option('--json', 'as JSON')
      .description('run a job now; waits and prints each step, exit 1 if it did not succeed'),
  ).action(async (name: string, flags: ServerFlags & { dryRun?: boolean; yes?: boolean; wait: boolean }, command: Command) => {
    const run = await call(command, flags, 'jobs.run', { name, dryRun: flags.dryRun === true, confirm: flags.yes === true, wait: flags.wait });
    if (flags.json === true) out(JSON.stringify(run, null, 2));
    else printRun(run);
    exitFor(['succeeded', 'dry_run', 'running'].includes(run.outcome));
  });
  withServerFlags(
    jobs
      .command('runs')
      .argument('<name>', 'the job')
      .option('--limit <n>', 'how many', '20')
      .option('--json', 'as JSON')
      .description("a job's runs, newest first"),
  ).action(async (name: string, flags: ServerFlags & { limit: string }, command: Command) => {
    const runs = await call(command, flags, 'jobs.runs', { name, limit: Number(flags.limit) });
    if (flags.json === true) return void out(JSON.stringify(runs, null, 2));
    printTable(
      ['RUN', 'STARTED', 'TOOK', 'TRIGGER', 'BY', 'OUTCOME', 'MESSAGE'],
      runs.map((run) => [
        `#${run.id}`,
        formatTimestamp(run.startedAt),
        took(run.startedAt, run.finishedAt),
        run.trigger,
        run.actor,
        run.outcome,
        run.message ?? '',
      ]),
    );
  });
  withServerFlags(
    jobs.command('show').argument('<run>', 'the run id').option('--json', 'as JSON').description("one run with each step's outcome and output"),
  ).action(async (id: string, flags: ServerFlags, command: Command) => {
    const run = await call(command, flags, 'jobs.run.get', { id: Number(id.replace(/^#/, '')) });
    if (flags.json === true) out(JSON.stringify(run, null, 2));
    else printRun(run);
  });

  withServerFlags(
    program
      .command('deploy')
      .argument('<service>', 'a service with deploy: in the workspace')
      .option('--ref <ref>', 'a branch, tag or commit (default: the configured branch or tag)')
      .option('--yes', 'confirm in a confirm_destructive environment')
      .option('--json', 'as JSON')
      .description('deploy a service from git: fetch, build, release, switch, restart, health gate, watch; rolled back on failure (exit 1)'),
  ).action(async (service: string, flags: ServerFlags & { ref?: string; yes?: boolean }, command: Command) => {
    const deploy = await call(command, flags, 'deploys.start', { service, ref: flags.ref, confirm: flags.yes === true, wait: true });
    if (flags.json === true) out(JSON.stringify(deploy, null, 2));
    else printDeploy(deploy);
    exitFor(deploy.outcome === 'succeeded');
  });
  withServerFlags(
    program
      .command('rollback')
      .argument('<service>', 'a deployed service')
      .option('--yes', 'confirm in a confirm_destructive environment')
      .option('--json', 'as JSON')
      .description('switch a service back to its last good release, restart it and check its health'),
  ).action(async (service: string, flags: ServerFlags & { yes?: boolean }, command: Command) => {
    const deploy = await call(command, flags, 'deploys.rollback', { service, confirm: flags.yes === true, wait: true });
    if (flags.json === true) out(JSON.stringify(deploy, null, 2));
    else printDeploy(deploy);
    exitFor(deploy.outcome === 'succeeded');
  });
}
