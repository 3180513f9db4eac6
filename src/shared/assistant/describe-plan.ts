import type { AssistantCommand, AssistantPlan } from '../contract/assistant-plan';

const list = (services: readonly string[] | undefined): string => (services === undefined || services.length === 0 ? 'all services' : services.join(', '));

function timeRange(input: { range?: string; start?: string | number; end?: string | number }): string {
  if (input.range !== undefined) return ` over the last ${input.range}`;
  if (input.start !== undefined && input.end !== undefined) return ` from ${String(input.start)} to ${String(input.end)}`;
  if (input.start !== undefined) return ` since ${String(input.start)}`;
  if (input.end !== undefined) return ` until ${String(input.end)}`;
  return '';
}

/** "2026-12-07 08:00" in this machine's time zone (the palette's, the CLI's): when a silence "until …" ends. */
function localMinute(ms: number): string {
  const date = new Date(ms);
  return new Date(ms - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}

const of = (name: string | undefined): string => (name === undefined ? '' : ` of ${name}`);

/** A silence's matchers as the Alerts page writes them: "alertname=DiskFull service!=db". */
export function matchersText(matchers: readonly { name: string; value: string; isRegex?: boolean; isEqual?: boolean }[]): string {
  return matchers.map((matcher) => `${matcher.name}${matcher.isEqual === false ? '!' : ''}${matcher.isRegex === true ? '=~' : '='}${matcher.value}`).join(' ');
}

/** One line a person reads before agreeing: "restart api, db", "silence alertname=DiskFull for 2h". */
export function describeCommand(command: AssistantCommand): string {
  switch (command.command) {
    case 'services.restartReplica':
      return `restart replica ${String(command.input.replica)} of ${command.input.service}`;
    case 'services.restart':
    case 'services.stop':
    case 'services.start':
    case 'services.reset':
      return `${command.command.slice('services.'.length)} ${list(command.input?.services as string[] | undefined)}`;
    case 'silences.create':
      return `silence ${matchersText(command.input.matchers)} ${command.input.endsAt === undefined ? `for ${command.input.duration ?? '?'}` : `until ${localMinute(command.input.endsAt)}`}`;
    case 'silences.expire':
      return `end silence ${command.input.id}`;
    case 'alerts.acknowledge':
      return `acknowledge alert ${command.input.fingerprint}`;
    case 'logs.search':
      return `search logs${command.input?.query ? ` for ${command.input.query}` : ''}${timeRange(command.input ?? {})}${command.input?.limit === undefined ? '' : ` (${Number(command.input.limit)} line${Number(command.input.limit) === 1 ? '' : 's'})`}`;
    case 'logs.tail':
      return `follow logs${command.input.query ? ` matching ${command.input.query}` : ''}`;
    case 'metrics.query':
      return `chart ${command.input.query}${timeRange({ start: command.input.start, end: command.input.end })}`;
    case 'terminal.open': {
      const target = command.input.target;
      return target.kind === 'tmux'
        ? `open a terminal on tmux ${target.session}${target.window === undefined ? '' : `:${target.window}`}`
        : `open a shell${target.cwd === undefined ? '' : ` in ${target.cwd}`}`;
    }
    case 'workspace.setEnvironment':
      return `switch to the ${command.input.environment} environment`;
    case 'channels.test':
      return `send a test notification through ${command.input.name}`;
    case 'deploys.start':
      return `deploy ${command.input.service}${command.input.ref === undefined ? '' : ` at ${command.input.ref}`}`;
    case 'deploys.rollback':
      return `roll ${command.input.service} back to its previous release`;
    case 'jobs.run':
      return `${command.input.dryRun === true ? 'dry-run' : 'run'} job ${command.input.name}`;
    case 'alerts.list':
      return `list ${command.input?.state === 'firing' ? 'firing ' : ''}alerts${of(command.input?.service)}`;
    case 'insights.list':
      return `list ${command.input?.kind === undefined ? 'insights' : `${command.input.kind} insights`}${of(command.input?.service)}`;
    case 'services.get':
      return `show the status of ${command.input.service}`;
    case 'services.list':
      return "show every service's status";
    case 'jobs.runs':
      return `list the runs of job ${command.input.name}`;
    case 'deploys.list':
      return `list the deploys${of(command.input?.service)}`;
    case 'incidents.list':
      return `list the ${command.input?.status === undefined ? '' : `${command.input.status} `}incidents${of(command.input?.service)}`;
    case 'audit.list':
      return `search the audit log${command.input?.target === undefined ? '' : ` for ${command.input.target}`}${command.input?.action === undefined ? '' : ` (${command.input.action})`}`;
    default:
      return `${command.command} ${JSON.stringify(command.input)}`;
  }
}

/** The plan as lines of text, for the CLI (and anything else that prints it). */
export function describePlan(plan: AssistantPlan): string[] {
  if ('commands' in plan) {
    const lines = ['Would run:', ...plan.commands.map((command, i) => `  ${i + 1}. ${describeCommand(command)}    (${command.command})`)];
    if (plan.confirm !== undefined) lines.push(`Needs confirmation: ${plan.confirm.message}.`);
    return lines;
  }
  if ('question' in plan) return [plan.question, ...plan.options.map((option, i) => `  ${i + 1}. ${option.label}`)];
  if ('explain' in plan) {
    const { question, ...about } = plan.explain;
    return [
      `An explanation request (${question.replace('_', ' ')}): ${JSON.stringify(about)}.`,
      'The running console answers it from its incidents and their evidence (`zervigo ask` without --dry-run); nothing was run.',
    ];
  }
  return [plan.none];
}
