import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline/promises';
import type { Command } from 'commander';
import { CommandParser } from '../../core/assistant/intent/command-parser';
import { isDestructive } from '../../shared/assistant/destructive-commands';
import { vocabularyFromWorkspace, type AlertInstance } from '../../core/assistant/intent/entities/vocabulary';
import { systemUtcOffsetMinutes } from '../../core/assistant/intent/time/local-time';
import { defaultWorkspaceYaml } from '../../core/config/default-workspace';
import { fileLabel } from '../../core/config/active-workspace';
import { locateWorkspace } from '../../core/config/locate-workspace';
import { formatIssue, parseWorkspace } from '../../core/config/parse-workspace';
import { resolveDataDir } from '../../core/data-dir';
import { DATABASE_FILE_NAME } from '../../core/data-dir';
import { ALERT_NAME } from '../../core/store/alert-identity';
import { readStoredAlerts } from '../../core/store/alert-store';
import { commandOutcome } from '../../shared/assistant/command-outcome';
import { describeCommand, describePlan } from '../../shared/assistant/describe-plan';
import { ZervigoError } from '../../shared/errors';
import type { AssistantCommand, AssistantConfirmation, AssistantPlan } from '../../shared/contract/assistant-plan';
import type { AssistantAnswer } from '../../shared/types/assistant-answer';
import type { AlertView } from '../../shared/types/alerts';
import type { DeployView } from '../../shared/types/deploys';
import type { JobRunSummary } from '../../shared/types/jobs';
import type { ServiceView } from '../../shared/types/service';
import type { Explanation, IncidentView } from '../../shared/types/incidents';
import type { InsightsView } from '../../shared/types/insights';
import type { LogSearchResult } from '../../shared/types/logs';
import type { MatrixResult } from '../../shared/types/monitoring';
import type { AuditEntry, OperationResult } from '../../shared/types/operate';
import type { GlobalOptions } from '../options';
import { DEFAULT_URL, type ServerClient } from '../server-client';
import { describeExplanation } from './incidents';
import { describeInsights } from './insights';
import { formatLogLine } from './logs';
import { builtinKinds } from '../../core/builtin-kinds';
import { consoleClient } from '../console-call';

interface AskOptions {
  workspace?: string;
  env?: string;
  dryRun?: boolean;
  json?: boolean;
  yes?: boolean;
  confirm?: boolean;
  url?: string;
  token?: string;
}

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/**
 * The plan from the workspace file alone, for --dry-run: no server, nothing run. Alerts (for
 * "ack …") are the ones the data folder's store last held, when there is one.
 */
export function planFromWorkspaceFile(text: string, options: { workspace?: string; env?: string; dataDir?: string }, now: number): AssistantPlan {
  const file = locateWorkspace(options.workspace);
  const content = file === null ? defaultWorkspaceYaml : fs.readFileSync(file, 'utf8');
  const parsed = parseWorkspace(content, { kinds: builtinKinds, file: fileLabel(file), environment: options.env ?? null });
  if (!parsed.ok) throw new ZervigoError('invalid_input', `${fileLabel(file)} has errors:\n${parsed.issues.map(formatIssue).join('\n')}`);
  const vocabulary = vocabularyFromWorkspace(parsed.workspace.config, {
    environment: parsed.workspace.environment,
    workspaceDir: file === null ? process.cwd() : path.dirname(file),
    alerts: storedAlerts(resolveDataDir({ flag: options.dataDir })),
  });
  return new CommandParser(vocabulary).parse(text, { now, utcOffsetMinutes: systemUtcOffsetMinutes(now) });
}

function storedAlerts(dataDir: string): AlertInstance[] {
  const file = path.join(dataDir, DATABASE_FILE_NAME);
  if (!fs.existsSync(file)) return [];
  try {
    return readStoredAlerts(file).map((record): AlertInstance => ({
      fingerprint: record.fingerprint,
      alertname: record.labels[ALERT_NAME] ?? record.ruleId,
      labels: record.labels,
      state: record.state,
      acknowledged: record.ack !== null,
    }));
  } catch {
    return []; // not a Zervigo store, or an older one: the names still come from the workspace
  }
}

async function ask(question: string): Promise<string> {
  const prompt = readline.createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await prompt.question(question)).trim();
  } finally {
    prompt.close();
  }
}

/** A question answered at the terminal, or refused where nobody can answer. */
async function chooseOption(
  plan: Extract<AssistantPlan, { question: string }>,
): Promise<{ commands: AssistantCommand[]; confirm?: AssistantConfirmation } | null> {
  for (const line of describePlan(plan)) out(line);
  if (process.stdin.isTTY !== true) throw new ZervigoError('invalid_input', 'the sentence is ambiguous; say it more precisely (the options are above)');
  const answer = await ask(`Pick 1-${plan.options.length} (Enter to cancel): `);
  const option = plan.options[Number(answer) - 1];
  return answer === '' || option === undefined ? null : option;
}

export function registerAskCommand(program: Command): void {
  program
    .command('ask')
    .argument('<text...>', 'what to do, in English or Chinese: "restart api", "db errors since 3am", "重启 api"')
    .description('turn a sentence into Zervigo commands, show them, and run them against the running server (--dry-run: only show)')
    .option('-w, --workspace <file>', 'with --dry-run: the workspace whose names to use (default ./zervigo.yaml, else the built-in one)')
    .option('--env <name>', 'with --dry-run: the environment to assume active')
    .option('-n, --dry-run', 'print what the sentence would do; run nothing, no server needed')
    .option('--json', 'print the plan as JSON: { commands } | { question, options } | { none } | { explain }')
    .option('-y, --yes', 'run stops, restarts, deploys, rollbacks and jobs without asking')
    .option('--confirm', 'confirm them in an environment with confirm_destructive')
    .option('--url <url>', `the server (default: $ZERVIGO_URL, else ${DEFAULT_URL})`)
    .option('--token <token>', 'the API token (default: $ZERVIGO_TOKEN, else the one in the data folder)')
    .action(async (words: string[], options: AskOptions, command: Command) => {
      const text = words.join(' ');
      if (options.dryRun === true) {
        const plan = planFromWorkspaceFile(
          text,
          { workspace: options.workspace, env: options.env, dataDir: command.optsWithGlobals<GlobalOptions>().dataDir },
          Date.now(),
        );
        if (options.json === true) out(JSON.stringify(plan));
        else for (const line of describePlan(plan)) out(line);
        return;
      }
      if (options.workspace !== undefined || options.env !== undefined) {
        throw new ZervigoError('invalid_input', "--workspace and --env are for --dry-run; without it the running console's workspace and environment are used");
      }
      const client = consoleClient(command, options);
      const answer = await client.call<AssistantAnswer>('POST', '/assistant/ask', { question: text, utcOffsetMinutes: systemUtcOffsetMinutes(Date.now()) });
      if (answer.source === 'model') {
        await followModelAnswer(client, answer, options);
        return;
      }
      const plan = answer.plan;
      if (answer.notice !== undefined) process.stderr.write(`note: ${answer.notice}\n`);
      if (options.json === true) out(JSON.stringify(plan));
      let chosen: { commands: AssistantCommand[]; confirm?: AssistantConfirmation } | null;
      if ('commands' in plan) chosen = plan;
      else if ('question' in plan) chosen = await chooseOption(plan);
      else if ('explain' in plan) {
        // "why is api down?": answered by the console's incidents and their evidence.
        const explanation = await client.call<Explanation>('POST', '/assistant/explain', plan.explain);
        if (options.json === true) out(JSON.stringify({ explanation }));
        else for (const line of describeExplanation(explanation)) out(line);
        return;
      } else {
        for (const line of describePlan(plan)) process.stderr.write(`${line}\n`);
        if ('none' in plan) process.exitCode = 1;
        return;
      }
      if (chosen === null) {
        out('Nothing was run.');
        return;
      }
      if (options.json !== true)
        for (const line of describePlan({ commands: chosen.commands, ...(chosen.confirm ? { confirm: chosen.confirm } : {}) }))
          out(line.replace('Would run:', 'Will run:'));
      await confirmOrRefuse(chosen, options);
      await runCommands(client, chosen.commands, chosen.confirm !== undefined, options.json === true);
    });
}

/**
 * A configured model's answer: its text, the look-ups it made (so each claim can be traced), and
 * what it proposes, which runs only once confirmed (--yes), whatever it is.
 */
async function followModelAnswer(client: ServerClient, answer: Extract<AssistantAnswer, { source: 'model' }>, options: AskOptions): Promise<void> {
  if (options.json === true) out(JSON.stringify(answer));
  else {
    out(answer.text);
    if (answer.lookups.length > 0)
      out(`(${answer.model}, after looking at: ${answer.lookups.map((lookup) => (lookup.ok ? lookup.command : `${lookup.command} [refused]`)).join(', ')})`);
    else out(`(${answer.model}, without looking anything up)`);
  }
  if (answer.proposals.length === 0) return;
  if (options.json !== true) for (const line of describePlan({ commands: answer.proposals })) out(line.replace('Would run:', 'The model proposes:'));
  if (options.yes !== true) {
    if (process.stdin.isTTY !== true) {
      out('Nothing was run (pass --yes to run what the model proposes).');
      return;
    }
    if (!/^y(es)?$/i.test(await ask('Run this? [y/N] '))) {
      out('Nothing was run.');
      return;
    }
  }
  await runCommands(client, answer.proposals, options.confirm === true, options.json === true);
}

/** Stops, restarts, deploys, rollbacks and job runs are asked about; in a confirm_destructive environment they need --confirm. */
async function confirmOrRefuse(chosen: { commands: AssistantCommand[]; confirm?: AssistantConfirmation }, options: AskOptions): Promise<void> {
  if (!chosen.commands.some(isDestructive)) return;
  if (chosen.confirm !== undefined && options.confirm !== true) {
    throw new ZervigoError(
      'conflict',
      `${chosen.confirm.message}: pass --confirm to ${chosen.confirm.environment === '' ? 'run' : `run in ${chosen.confirm.environment}`}`,
    );
  }
  if (options.yes === true || options.confirm === true) return;
  if (process.stdin.isTTY !== true)
    throw new ZervigoError('conflict', 'stopping, restarting, deploying or running a job needs --yes when nobody is at the terminal to confirm');
  const answer = await ask('Run this? [y/N] ');
  if (!/^y(es)?$/i.test(answer)) throw new ZervigoError('conflict', 'not confirmed; nothing was run');
}

async function runCommands(client: ServerClient, commands: AssistantCommand[], confirmed: boolean, json: boolean): Promise<void> {
  for (const entry of commands) {
    if (entry.command === 'terminal.open' || entry.command === 'logs.tail') {
      // These open a view that lives in the console; the CLI says how to get the same here.
      out(entry.command === 'logs.tail' ? `follow it here with: zervigo logs tail '${entry.input.query ?? ''}'` : terminalHint(entry));
      continue;
    }
    const input = isDestructive(entry) && confirmed ? { ...(entry.input as object), confirm: true } : entry.input;
    const result = await client.call<unknown>('POST', `/rpc/${entry.command}`, input);
    if (json) out(JSON.stringify({ command: entry.command, result }));
    else for (const line of describeResult(entry, result)) out(line);
    if (isFailed(entry, result)) {
      process.exitCode = 1;
      return;
    }
  }
}

function terminalHint(entry: Extract<AssistantCommand, { command: 'terminal.open' }>): string {
  const target = entry.input.target;
  if (target.kind === 'tmux')
    return `attach with: tmux attach -t ${target.session}${target.window === undefined ? '' : `:${target.window}`} (add -L <socket> for the workspace's tmux server; \`zervigo sessions\` prints it)`;
  return `open a shell${target.cwd === undefined ? '' : ` in ${target.cwd}`}; the console's Terminals page embeds one`;
}

function isFailed(entry: AssistantCommand, result: unknown): boolean {
  return !commandOutcome(entry, result).ok;
}

function describeResult(entry: AssistantCommand, result: unknown): string[] {
  switch (entry.command) {
    case 'services.restart':
    case 'services.stop':
    case 'services.start':
    case 'services.reset':
    case 'services.restartReplica': {
      const operation = result as OperationResult;
      const lines = operation.services.map((step) => `  ${step.service.padEnd(16)} ${step.outcome.padEnd(8)} ${step.message}`);
      return [...lines, `${operation.ok ? 'ok' : 'FAILED'}: ${describeCommand(entry)} in ${(operation.durationMs / 1000).toFixed(1)} s`];
    }
    case 'logs.search': {
      const found = result as LogSearchResult;
      return found.lines.length === 0 ? ['no lines match'] : [...found.lines].reverse().map((line) => formatLogLine(line));
    }
    case 'metrics.query': {
      const matrix = result as MatrixResult;
      if (matrix.result.length === 0) return ['no samples in that range'];
      return matrix.result.map((series) => {
        const values = series.values.map(([, value]) => Number(value));
        const labels = Object.entries(series.metric)
          .map(([name, value]) => `${name}="${value}"`)
          .join(', ');
        return `{${labels}}  last ${values.at(-1) ?? '-'}  min ${Math.min(...values)}  max ${Math.max(...values)}  (${values.length} points)`;
      });
    }
    case 'alerts.list': {
      const alerts = result as AlertView[];
      if (alerts.length === 0)
        return [`no ${entry.input?.state === 'firing' ? 'firing ' : ''}alerts${entry.input?.service === undefined ? '' : ` for ${entry.input.service}`}`];
      return alerts.map((alert) => {
        const labels = Object.entries(alert.labels)
          .filter(([name]) => name !== 'alertname')
          .map(([name, value]) => `${name}=${value}`)
          .join(' ');
        const quiet = alert.silencedBy.length > 0 ? ' (silenced)' : alert.ack !== null ? ' (acknowledged)' : '';
        return `  ${alert.state.padEnd(9)} ${alert.alertname.padEnd(24)} ${alert.severity ?? '-'}  ${labels}  since ${new Date(alert.firedAt ?? alert.activeAt).toISOString()}${quiet}`;
      });
    }
    case 'insights.list':
      return describeInsights(result as InsightsView);
    case 'services.get':
    case 'services.list': {
      const views = entry.command === 'services.get' ? [result as ServiceView] : (result as ServiceView[]);
      return views.map((view) => `  ${view.name.padEnd(20)} ${view.status.padEnd(10)} ${view.reason ?? ''}`.trimEnd());
    }
    case 'jobs.runs': {
      const runs = result as JobRunSummary[];
      if (runs.length === 0) return [`${entry.input.name} has not run yet`];
      return runs.map(
        (run) =>
          `  #${run.id} ${new Date(run.startedAt).toISOString()} ${run.outcome.padEnd(9)} ${run.trigger}${run.dryRun ? ' (dry run)' : ''}${run.message === null ? '' : `  ${run.message}`}`,
      );
    }
    case 'deploys.list': {
      const deploys = result as DeployView[];
      if (deploys.length === 0) return ['no deploys yet'];
      return deploys.map(
        (deploy) =>
          `  #${deploy.id} ${deploy.service.padEnd(16)} ${deploy.kind.padEnd(8)} ${deploy.ref}${deploy.sha === null ? '' : ` (${deploy.sha.slice(0, 7)})`} ${deploy.outcome}  ${new Date(deploy.startedAt).toISOString()} by ${deploy.startedBy}`,
      );
    }
    case 'incidents.list': {
      const incidents = result as IncidentView[];
      if (incidents.length === 0)
        return [
          `no ${entry.input?.status === undefined ? '' : `${entry.input.status} `}incidents${entry.input?.service === undefined ? '' : ` for ${entry.input.service}`}`,
        ];
      return incidents.map((incident) => {
        const cause = incident.causes[0];
        return `  #${incident.id} ${incident.status.padEnd(8)} ${new Date(incident.start).toISOString()} ${incident.title}${cause === undefined ? '' : `  (likely: ${cause.target})`}`;
      });
    }
    case 'audit.list': {
      const entries = result as AuditEntry[];
      if (entries.length === 0) return ['nothing in the audit log matches'];
      return entries.map(
        (audit) =>
          `  ${new Date(audit.at).toISOString()} ${audit.actor.padEnd(12)} ${audit.action} ${audit.target} ${audit.outcome}${audit.message === null ? '' : `  ${audit.message}`}`,
      );
    }
    case 'deploys.start':
    case 'deploys.rollback':
    case 'jobs.run': {
      const outcome = commandOutcome(entry, result);
      const follow = entry.command === 'jobs.run' ? `follow it: zervigo jobs show ${(result as { id: number }).id}` : "the console's Deploys page follows it";
      return [`${outcome.ok ? 'ok' : 'FAILED'}: ${outcome.summary}${outcome.ok ? ` (${follow})` : ''}`];
    }
    default:
      return [`done: ${describeCommand(entry)}`];
  }
}
