import { z } from 'zod';
import { describeInputAs } from './input-form';
import { commandLine, envValue, name, toArgv } from './primitives';

/**
 * The workspace's tmux section: which server and session the services' windows live in, and
 * layouts (tmuxinator/tmuxp style) whose pane commands start once their dependencies are ready.
 */
const paneObject = z
  .strictObject({
    command: commandLine.optional().describe('What runs in the pane (default: a shell).'),
    shell: z.boolean().default(false).describe('Run the command through /bin/sh -c.'),
    cwd: z.string().optional().describe("The pane's working folder."),
    env: z.record(z.string(), envValue).default({}).describe('Environment variables for the command.'),
    /** Services that must be ready before this pane's command starts. */
    depends_on: z.array(name).default([]).describe("Services that must be ready before this pane's command starts."),
  })
  .check((ctx) => {
    if (ctx.value.command === undefined) return;
    const argv = toArgv(ctx.value.command, ctx.value.shell);
    if (!argv.ok) ctx.issues.push({ code: 'custom', input: ctx.value.command, path: ['command'], message: argv.message });
  });

/** A pane: a command (string or argv list), or a mapping with command, cwd, env, depends_on. */
const paneSchema = describeInputAs(
  z.preprocess((pane) => (typeof pane === 'string' || Array.isArray(pane) ? { command: pane } : pane), paneObject),
  z.union([commandLine, paneObject]).describe('A pane: its command, or { command, cwd, env, depends_on }.'),
);

const builtInLayouts = ['even-horizontal', 'even-vertical', 'main-horizontal', 'main-vertical', 'tiled'] as const;

const windowSchema = z.strictObject({
  name: z
    .string()
    .min(1)
    .regex(/^[^:.]+$/, 'a window name has no ":" or "."')
    .describe("The window's name."),
  /** One of tmux's layouts, or a layout string as `list-windows -F "#{window_layout}"` prints it. */
  layout: z
    .string()
    .refine((text) => (builtInLayouts as readonly string[]).includes(text) || /^[0-9a-f]{4},\d+x\d+/.test(text), {
      error: `expected ${builtInLayouts.join(', ')} or a tmux layout string`,
    })
    .meta({ examples: [...builtInLayouts] })
    .optional()
    .describe(`How the panes are arranged: ${builtInLayouts.join(', ')}, or a layout string from tmux list-windows.`),
  cwd: z.string().optional().describe('The working folder of its panes.'),
  panes: z
    .array(paneSchema)
    .min(1, 'a window needs at least one pane')
    .default([{ shell: false, env: {}, depends_on: [] }])
    .describe('Its panes: each a command, or { command, cwd, env, depends_on } (default: one shell).'),
});

export const layoutSchema = z.strictObject({
  cwd: z.string().optional().describe('The working folder of its windows.'),
  windows: z.array(windowSchema).min(1, 'a layout needs at least one window').describe('Its windows, each with a layout and panes.'),
});

export const tmuxSchema = z.strictObject({
  /** `tmux -L <socket>`; absent: the operator's default tmux server, so `tmux attach` just works. */
  socket: name.optional().describe('The tmux server: tmux -L <socket> (default: your default server, so `tmux attach` just works).'),
  /** The session of services with `tmux: true`; default: the workspace's name, or "zervigo". */
  session: name.optional().describe("The session of services with tmux: true (default: the workspace's name)."),
  layouts: z
    .record(name, layoutSchema)
    .default({})
    .describe('Sessions to create from the console (Terminals) or the API, as tmuxinator or tmuxp describe them.'),
});

export type LayoutConfig = z.infer<typeof layoutSchema>;
export type LayoutPaneConfig = z.infer<typeof paneObject>;
