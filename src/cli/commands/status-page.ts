import type { Command } from 'commander';
import { ZervigoError } from '../../shared/errors';
import { STATUS_NOTE_IMPACTS, STATUS_NOTE_STATES, type StatusNote, type StatusNoteImpact } from '../../shared/types/status-page';
import { callConsole, type ServerFlags } from '../console-call';
import { formatTimestamp } from '../output';
import { DEFAULT_URL } from '../server-client';
import { withServerFlags } from './users';

const out = (line: string): boolean => process.stdout.write(`${line}\n`);

function impact(value: string): StatusNoteImpact {
  if (!(STATUS_NOTE_IMPACTS as readonly string[]).includes(value))
    throw new ZervigoError('invalid_input', `--impact is one of ${STATUS_NOTE_IMPACTS.join(', ')}, not "${value}"`);
  return value as StatusNoteImpact;
}

type OpenState = 'investigating' | 'identified' | 'monitoring';
function openState(value: string): OpenState {
  const open = STATUS_NOTE_STATES.filter((state) => state !== 'resolved');
  if (!(open as readonly string[]).includes(value))
    throw new ZervigoError('invalid_input', `--state is one of ${open.join(', ')}, not "${value}" (resolve a note with \`resolve\`)`);
  return value as OpenState;
}

function noteId(value: string): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id <= 0) throw new ZervigoError('invalid_input', `"${value}" is not a note id; \`zervigo status-page notes\` lists them`);
  return id;
}

export function describeNote(note: StatusNote): string {
  const lines = [`#${note.id} ${note.title} [${note.state === 'resolved' ? 'resolved' : `${note.impact}, ${note.state}`}]`];
  for (const update of note.updates) lines.push(`  ${formatTimestamp(update.at)} ${update.state} (${update.by}): ${update.body}`);
  return lines.join('\n');
}

const print = (flags: ServerFlags, note: StatusNote): void => void out(flags.json === true ? JSON.stringify(note, null, 2) : describeNote(note));

/** Notes live in the running console's database: every subcommand goes through its contract there. */
export function registerStatusPageCommands(program: Command): void {
  const page = program.command('status-page').description("the running console's public status page: where it is, and its incident notes");
  withServerFlags(page.command('show').option('--json', 'as JSON').description('where the page is served and which services it shows')).action(
    async (flags: ServerFlags, command: Command) => {
      const info = await callConsole(command, flags, 'statusPage.get', {});
      if (flags.json === true) return void out(JSON.stringify(info, null, 2));
      if (info === null) return void out('No status page: add status_page: { slug, title, services } to the workspace file.');
      out(`${info.title}: ${flags.url ?? process.env.ZERVIGO_URL ?? DEFAULT_URL}${info.path}${info.enabled ? '' : ' (disabled: answers 404)'}`);
      out(`services: ${info.services.join(', ')}`);
    },
  );
  const notes = page.command('notes').description('incident notes shown on the page: list (default), add, update, resolve');
  withServerFlags(notes.command('list', { isDefault: true }).option('--json', 'as JSON').option('--limit <n>', 'how many, newest first', '20')).action(
    async (flags: ServerFlags & { limit: string }, command: Command) => {
      const list = await callConsole(command, flags, 'statusPage.notes', { limit: Number(flags.limit) });
      if (flags.json === true) return void out(JSON.stringify(list, null, 2));
      out(list.length === 0 ? 'No incident notes.' : list.map(describeNote).join('\n'));
    },
  );
  withServerFlags(
    notes
      .command('add')
      .argument('<title>', 'what visitors see as the heading')
      .requiredOption('--body <text>', 'the first update: what is happening')
      .option('--impact <impact>', STATUS_NOTE_IMPACTS.join(', '), 'minor')
      .option('--state <state>', 'investigating, identified or monitoring', 'investigating')
      .option('--json', 'as JSON')
      .description('post an incident note on the public page (operator)'),
  ).action(async (title: string, flags: ServerFlags & { body: string; impact: string; state: string }, command: Command) =>
    print(
      flags,
      await callConsole(command, flags, 'statusPage.notes.create', { title, body: flags.body, impact: impact(flags.impact), state: openState(flags.state) }),
    ),
  );
  withServerFlags(
    notes
      .command('update')
      .argument('<id>', 'the note')
      .requiredOption('--body <text>', 'the update')
      .option('--state <state>', 'investigating, identified or monitoring')
      .option('--impact <impact>', STATUS_NOTE_IMPACTS.join(', '))
      .option('--json', 'as JSON')
      .description('add an update to an open note (operator)'),
  ).action(async (id: string, flags: ServerFlags & { body: string; state?: string; impact?: string }, command: Command) =>
    print(
      flags,
      await callConsole(command, flags, 'statusPage.notes.update', {
        id: noteId(id),
        body: flags.body,
        ...(flags.state === undefined ? {} : { state: openState(flags.state) }),
        ...(flags.impact === undefined ? {} : { impact: impact(flags.impact) }),
      }),
    ),
  );
  withServerFlags(
    notes
      .command('resolve')
      .argument('<id>', 'the note')
      .option('--body <text>', 'the closing update (default: "This incident has been resolved.")')
      .option('--json', 'as JSON')
      .description('mark a note resolved (operator)'),
  ).action(async (id: string, flags: ServerFlags & { body?: string }, command: Command) =>
    print(flags, await callConsole(command, flags, 'statusPage.notes.resolve', { id: noteId(id), ...(flags.body === undefined ? {} : { body: flags.body }) })),
  );
}
