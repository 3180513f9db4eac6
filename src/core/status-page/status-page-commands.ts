import type { HandlersOf } from '../../shared/contract/define';
import type { statusPageCommands } from '../../shared/contract/status-page';
import type { StatusNote, StatusPageInfo } from '../../shared/types/status-page';
import type { AuditLog } from '../store/audit-log';
import type { StatusNotes } from './status-notes';

export interface StatusPageHandlerDeps {
  notes: StatusNotes;
  info(): StatusPageInfo | null;
  audit: Pick<AuditLog, 'record'>;
  /** A note was written: the public page is rebuilt at its next visit. */
  onNoteChanged(): void;
}

/** The page's settings as the console shows them, and its incident notes (each change audited). */
export function statusPageHandlers(deps: StatusPageHandlerDeps): HandlersOf<typeof statusPageCommands> {
  const { notes } = deps;
  const changed = (note: StatusNote, action: string, actor: string): StatusNote => {
    deps.onNoteChanged();
    deps.audit.record({ actor, action, target: `status note ${note.id}`, outcome: 'ok', message: note.title });
    return note;
  };
  return {
    'statusPage.get': async () => deps.info(),
    'statusPage.notes': async ({ limit }) => notes.list(limit),
    'statusPage.notes.create': async (input, context) => changed(notes.create({ ...input, by: context.actor }), 'statusPage.notes.create', context.actor),
    'statusPage.notes.update': async (input, context) => changed(notes.update({ ...input, by: context.actor }), 'statusPage.notes.update', context.actor),
    'statusPage.notes.resolve': async (input, context) =>
      changed(
        notes.resolve({ id: input.id, body: input.body ?? 'This incident has been resolved.', by: context.actor }),
        'statusPage.notes.resolve',
        context.actor,
      ),
  };
}
