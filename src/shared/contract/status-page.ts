import { z } from 'zod';
import { STATUS_NOTE_IMPACTS, STATUS_NOTE_STATES, type StatusNote, type StatusPageInfo } from '../types/status-page';
import { NoInput } from './app';
import { command, returns } from './define';

const NoteId = z.coerce.number().int().positive();
const NoteBody = z.string().trim().min(1, 'write what visitors should know').max(5_000);
const OpenState = z.enum(STATUS_NOTE_STATES.filter((state) => state !== 'resolved') as ['investigating', 'identified', 'monitoring']);

/** The public status page's settings live in the workspace file; the incident notes shown on it, here. */
export const statusPageCommands = {
  'statusPage.get': command({
    permission: 'view',
    input: NoInput,
    output: returns<StatusPageInfo | null>(),
    rest: 'GET /status-page',
    summary: "The workspace's public status page (its slug, path and services), or null when it has none",
  }),
  'statusPage.notes': command({
    permission: 'view',
    input: z
      .strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50) })
      .optional()
      .default({ limit: 50 }),
    output: returns<StatusNote[]>(),
    rest: 'GET /status-page/notes',
    summary: 'Incident notes of the status page, newest first, each with its updates',
  }),
  'statusPage.notes.create': command({
    permission: 'operate',
    input: z.strictObject({
      title: z.string().trim().min(1, 'give the incident a title').max(200),
      body: NoteBody,
      impact: z.enum(STATUS_NOTE_IMPACTS).default('minor'),
      state: OpenState.default('investigating'),
    }),
    output: returns<StatusNote>(),
    rest: 'POST /status-page/notes',
    summary: 'Post an incident note on the public status page',
  }),
  'statusPage.notes.update': command({
    permission: 'operate',
    input: z.strictObject({ id: NoteId, body: NoteBody, state: OpenState.optional(), impact: z.enum(STATUS_NOTE_IMPACTS).optional() }),
    output: returns<StatusNote>(),
    rest: 'POST /status-page/notes/:id/updates',
    summary: 'Add an update to an open incident note (and change its state or impact)',
  }),
  'statusPage.notes.resolve': command({
    permission: 'operate',
    input: z.strictObject({ id: NoteId, body: NoteBody.optional() }),
    output: returns<StatusNote>(),
    rest: 'POST /status-page/notes/:id/resolve',
    summary: 'Mark an incident note resolved, with a closing update',
  }),
};
