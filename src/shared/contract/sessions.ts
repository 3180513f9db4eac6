import { z } from 'zod';
import type { TerminalInfo, TerminalOutput, TmuxServerView } from '../types/sessions';
import { NoInput } from './app';
import { command, event, returns } from './define';

/** A tmux target by id ($1, @2, %3) or name (shop, shop:api, shop:api.1). */
const target = z
  .string()
  .min(1, 'the tmux target is empty')
  .max(300)
  .regex(/^[^\s;]+$/, 'a tmux target has no spaces or ";" (use ids like %3 or names like shop:api)');

const size = { cols: z.number().int().min(2).max(1000), rows: z.number().int().min(1).max(500) };
const terminalId = z.string().min(1).max(100);

const TerminalTarget = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('tmux'), session: z.string().min(1).max(200), window: z.string().min(1).max(200).optional() }),
  z.strictObject({ kind: z.literal('shell'), cwd: z.string().max(4096).optional() }),
]);

export const sessionCommands = {
  'sessions.list': command({
    permission: 'view',
    input: NoInput,
    output: returns<TmuxServerView>(),
    rest: 'GET /sessions',
    summary: "tmux sessions, windows and panes of the workspace's tmux server",
  }),
  'sessions.up': command({
    permission: 'shell',
    input: z.strictObject({ layout: z.string().min(1).max(200) }),
    output: returns<{ session: string; waiting: string[] }>(),
    rest: 'POST /sessions/up',
    summary: "Create a session from a workspace layout; a pane's command starts once its dependencies are ready",
  }),
  'sessions.kill': command({
    permission: 'shell',
    input: z.strictObject({ target }),
    output: returns<null>(),
    rest: 'POST /sessions/kill',
    summary: 'Kill a session ($1), window (@2) or pane (%3)',
  }),
  'sessions.rename': command({
    permission: 'shell',
    input: z.strictObject({
      target,
      name: z
        .string()
        .min(1)
        .max(200)
        .regex(/^[^:.]+$/, 'a name has no ":" or "."'),
    }),
    output: returns<null>(),
    rest: 'POST /sessions/rename',
    summary: 'Rename a session or window',
  }),
  'sessions.sendKeys': command({
    permission: 'shell',
    input: z.strictObject({ target, keys: z.string().max(64 * 1024), enter: z.boolean().default(false) }),
    output: returns<null>(),
    rest: 'POST /sessions/send-keys',
    summary: 'Type text into a pane (literally), optionally followed by Enter',
  }),
  'sessions.capture': command({
    permission: 'shell',
    input: z.strictObject({ target, lines: z.coerce.number().int().min(1).max(100_000).default(200) }),
    output: returns<{ text: string }>(),
    rest: 'GET /sessions/capture',
    summary: 'The text of a pane, with this many lines of scrollback',
  }),
  'sessions.respawn': command({
    permission: 'shell',
    input: z.strictObject({ target }),
    output: returns<null>(),
    rest: 'POST /sessions/respawn',
    summary: "Start a dead pane's command again",
  }),
  'sessions.import': command({
    permission: 'shell',
    input: z.strictObject({
      file: z.string().min(1).max(4096),
      name: z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/)
        .optional(),
      apply: z.boolean().default(false),
    }),
    output: returns<{ name: string; yaml: string; applied: boolean }>(),
    rest: 'POST /sessions/import',
    summary: 'Turn a tmuxinator or tmuxp project file into a workspace layout (apply: add it to the workspace)',
  }),
  'terminal.open': command({
    permission: 'shell',
    input: z.strictObject({ target: TerminalTarget, ...size }),
    output: returns<TerminalInfo>(),
    summary: 'Open an embedded terminal on a tmux session (or a shell)',
  }),
  'terminal.input': command({
    permission: 'shell',
    input: z.strictObject({ id: terminalId, data: z.string().max(1024 * 1024) }),
    output: returns<null>(),
    summary: 'Keys typed into a terminal',
  }),
  'terminal.resize': command({
    permission: 'shell',
    input: z.strictObject({ id: terminalId, ...size }),
    output: returns<null>(),
    summary: 'The terminal view changed size',
  }),
  'terminal.ack': command({
    permission: 'shell',
    input: z.strictObject({
      id: terminalId,
      chars: z
        .number()
        .int()
        .min(0)
        .max(1024 ** 3),
    }),
    output: returns<null>(),
    summary: 'The client has rendered this many more characters (flow control)',
  }),
  'terminal.close': command({
    permission: 'shell',
    input: z.strictObject({ id: terminalId }),
    output: returns<null>(),
    summary: 'Close a terminal (a tmux session keeps running)',
  }),
  'terminal.list': command({ permission: 'shell', input: NoInput, output: returns<TerminalInfo[]>(), summary: 'Open terminals' }),
};

export const sessionEvents = {
  'sessions.changed': event<TmuxServerView>('tmux sessions, windows or panes changed', 'view'),
  'terminal.output': event<TerminalOutput>("A batch of a terminal's output (about 16 ms or 200 KB)", 'shell'),
  'terminal.exited': event<TerminalInfo>("A terminal's process ended", 'shell'),
};
