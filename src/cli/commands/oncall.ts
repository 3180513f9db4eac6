import type { Command } from 'commander';
import { ZervigoError } from '../../shared/errors';
import { nextStepWords } from '../../shared/escalation-next-step';
import type { EscalationView, OnCallNowView, OnCallScheduleView } from '../../shared/types/oncall';
import { callConsole, type ServerFlags } from '../console-call';
import { formatTimestamp, printTable } from '../output';
import { withServerFlags } from './users';

const out = (line: string): boolean => process.stdout.write(`${line}\n`);

export function describeNow(views: readonly OnCallNowView[]): string[] {
  if (views.length === 0) return ['No schedules: add them under on_call.schedules in the workspace file.'];
  const rows = views.map((view) => [
    view.schedule,
    view.person ?? '(nobody)',
    view.source === 'override' ? 'override' : view.source === 'rotation' ? 'rotation' : '',
    view.until === null ? '' : formatTimestamp(view.until),
    view.next === null ? '' : `${view.next.person} at ${formatTimestamp(view.next.start)}`,
  ]);
  const lines: string[] = [];
  printTable(['SCHEDULE', 'ON CALL', 'BY', 'UNTIL', 'NEXT'], rows, (line) => lines.push(line));
  return lines;
}

export function describeEscalation(view: EscalationView): string[] {
  const state =
    view.state === 'pending'
      ? `level ${view.level}/${view.levels}${view.nextAt !== null && view.next !== null ? `, ${nextStepWords(view.next)} at ${formatTimestamp(view.nextAt)}` : ''}`
      : view.state === 'acknowledged'
        ? `acknowledged by ${view.acknowledgedBy ?? '?'} at ${formatTimestamp(view.acknowledgedAt ?? 0)}`
        : `${view.state}${view.acknowledgedBy !== null ? ` (acknowledged by ${view.acknowledgedBy} at ${formatTimestamp(view.acknowledgedAt ?? 0)})` : ''}`;
  return [`#${view.id} ${view.title} via ${view.policy}: ${state}`, ...view.pages.map((page) => `  ${formatTimestamp(page.at)} ${page.message}`)];
}

function describeShifts(view: OnCallScheduleView): string[] {
  const lines = [`${view.name} (${view.timeZone})`];
  printTable(
    ['FROM', 'TO', 'ON CALL', 'BY'],
    view.shifts.map((shift) => [
      formatTimestamp(shift.start),
      formatTimestamp(shift.end),
      shift.person,
      shift.source === 'override' ? 'override' : `layer ${shift.layer ?? ''}`,
    ]),
    (line) => lines.push(line),
  );
  return lines;
}

function days(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 93) throw new ZervigoError('invalid_input', `--days is a whole number from 1 to 93, not "${value}"`);
  return n;
}

/** Who is on call, a schedule's shifts, and the escalations under way, from the running console. */
export function registerOncallCommand(program: Command): void {
  const oncall = program.command('oncall').description('who is on call (now, default), shifts of a schedule, escalations');
  withServerFlags(
    oncall.command('now', { isDefault: true }).option('--json', 'as JSON').description('who is on call now in each schedule, and the escalations under way'),
  ).action(async (flags: ServerFlags, command: Command) => {
    const now = await callConsole(command, flags, 'oncall.now', {});
    const pending = await callConsole(command, flags, 'oncall.escalations', { state: 'pending', limit: 50 });
    if (flags.json === true) return void out(JSON.stringify({ now, escalations: pending }, null, 2));
    for (const line of describeNow(now)) out(line);
    if (pending.length > 0) {
      out('');
      out('Escalations under way:');
      for (const view of pending) for (const line of describeEscalation(view)) out(line);
    }
  });
  withServerFlags(
    oncall
      .command('shifts')
      .argument('<schedule>', 'a schedule under on_call.schedules')
      .option('--days <n>', 'how many days from now', '14')
      .option('--json', 'as JSON')
      .description("a schedule's shifts from now (overrides included)"),
  ).action(async (schedule: string, flags: ServerFlags & { days: string }, command: Command) => {
    const from = Date.now();
    const view = await callConsole(command, flags, 'oncall.shifts', { schedule, from, to: from + days(flags.days) * 86_400_000 });
    if (flags.json === true) return void out(JSON.stringify(view, null, 2));
    for (const line of describeShifts(view)) out(line);
  });
  withServerFlags(
    oncall
      .command('escalations')
      .option('--all', 'ended ones too (who acknowledged what and when)')
      .option('--json', 'as JSON')
      .description('escalations: the level paged, the next level due, who acknowledged'),
  ).action(async (flags: ServerFlags & { all?: boolean }, command: Command) => {
    const list = await callConsole(command, flags, 'oncall.escalations', { state: flags.all === true ? 'all' : 'pending', limit: 100 });
    if (flags.json === true) return void out(JSON.stringify(list, null, 2));
    out(list.length === 0 ? 'No escalations.' : list.flatMap(describeEscalation).join('\n'));
  });
  withServerFlags(
    oncall
      .command('ack')
      .argument('<id>', 'the escalation (its #number in zervigo oncall escalations)')
      .option('-m, --comment <text>', 'a note kept with the acknowledgement', '')
      .option('--json', 'as JSON')
      .description("acknowledge a page: its escalation stops and the group's firing alerts are acknowledged in your name"),
  ).action(async (id: string, flags: ServerFlags & { comment: string }, command: Command) => {
    const view = await callConsole(command, flags, 'oncall.acknowledge', { id: escalationId(id), comment: flags.comment });
    if (flags.json === true) return void out(JSON.stringify(view, null, 2));
    for (const line of describeEscalation(view)) out(line);
  });
}

/** "#3" or "3", as the escalations list prints it. */
function escalationId(text: string): number {
  const id = Number(text.replace(/^#/, ''));
  if (!Number.isInteger(id) || id < 1)
    throw new ZervigoError('invalid_input', `an escalation is named by its number, like 3 or #3 (zervigo oncall escalations lists them), not "${text}"`);
  return id;
}
