import type { Statement } from 'better-sqlite3';
import { ZervigoError } from '../../shared/errors';
import type { StatusNote, StatusNoteImpact, StatusNoteState, StatusNoteUpdate } from '../../shared/types/status-page';
import type { Database } from '../store/database';

interface NoteRow {
  id: number;
  title: string;
  impact: StatusNoteImpact;
  state: StatusNoteState;
  created_at: number;
  updated_at: number;
  resolved_at: number | null;
}

interface UpdateRow {
  note_id: number;
  at: number;
  state: StatusNoteState;
  body: string;
  by: string;
}

/** The status page's incident notes in SQLite: a note and its updates, appended, never edited in place. */
export class StatusNotes {
  private readonly insertNote: Statement<[string, string, string, number, number]>;
  private readonly insertUpdate: Statement<[number, number, string, string, string]>;
  private readonly setState: Statement<[string, string, number, number | null, number]>;
  private readonly newest: Statement<[number], NoteRow>;
  private readonly one: Statement<[number], NoteRow>;
  private readonly updatesOf: Statement<[string], UpdateRow>;

  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {
    this.insertNote = db.prepare('INSERT INTO status_notes (title, impact, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
    this.insertUpdate = db.prepare('INSERT INTO status_note_updates (note_id, at, state, body, by) VALUES (?, ?, ?, ?, ?)');
    this.setState = db.prepare('UPDATE status_notes SET state = ?, impact = ?, updated_at = ?, resolved_at = ? WHERE id = ?');
    this.newest = db.prepare('SELECT * FROM status_notes ORDER BY created_at DESC, id DESC LIMIT ?');
    this.one = db.prepare('SELECT * FROM status_notes WHERE id = ?');
    // The ids arrive as a JSON array: one statement for any number of notes.
    this.updatesOf = db.prepare(
      'SELECT note_id, at, state, body, by FROM status_note_updates WHERE note_id IN (SELECT value FROM json_each(?)) ORDER BY at DESC, id DESC',
    );
  }

  create(input: { title: string; body: string; impact: StatusNoteImpact; state: StatusNoteState; by: string }): StatusNote {
    const at = this.now();
    const id = this.db.transaction(() => {
      const noteId = Number(this.insertNote.run(input.title, input.impact, input.state, at, at).lastInsertRowid);
      this.insertUpdate.run(noteId, at, input.state, input.body, input.by);
      return noteId;
    })();
    return this.get(id);
  }

  /** A new update on an open note; its state and impact change with it when given. */
  update(input: { id: number; body: string; state?: StatusNoteState; impact?: StatusNoteImpact; by: string }): StatusNote {
    const note = this.row(input.id);
    if (note.state === 'resolved') throw new ZervigoError('conflict', `incident note ${input.id} is resolved; post a new note instead`);
    const at = this.now();
    const state = input.state ?? note.state;
    this.db.transaction(() => {
      this.insertUpdate.run(note.id, at, state, input.body, input.by);
      this.setState.run(state, input.impact ?? note.impact, at, state === 'resolved' ? at : null, note.id);
    })();
    return this.get(note.id);
  }

  resolve(input: { id: number; body: string; by: string }): StatusNote {
    return this.update({ ...input, state: 'resolved' });
  }

  get(id: number): StatusNote {
    const [note] = this.withUpdates([this.row(id)]);
    return note as StatusNote;
  }

  /** The newest `limit` notes, newest first, each with its updates newest first. */
  list(limit: number): StatusNote[] {
    return this.withUpdates(this.newest.all(limit));
  }

  private row(id: number): NoteRow {
    const row = this.one.get(id);
    if (row === undefined) throw new ZervigoError('not_found', `no incident note ${id}; statusPage.notes lists them`);
    return row;
  }

  private withUpdates(rows: NoteRow[]): StatusNote[] {
    const updates = new Map<number, StatusNoteUpdate[]>();
    for (const update of this.updatesOf.all(JSON.stringify(rows.map((row) => row.id)))) {
      const list = updates.get(update.note_id) ?? [];
      list.push({ at: update.at, state: update.state, body: update.body, by: update.by });
      updates.set(update.note_id, list);
    }
    return rows.map((row) => ({
      id: row.id,
      title: row.title,
      impact: row.impact,
      state: row.state,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      resolvedAt: row.resolved_at,
      updates: updates.get(row.id) ?? [],
    }));
  }
}
