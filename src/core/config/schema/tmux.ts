import { z } from 'zod';
import { commandLine, envValue, name, toArgv } from './primitives';

/**
 * The workspace's tmux section: which server and session the services' windows live in, and
 * layouts (tmuxinator/tmuxp style) whose pane commands start once their dependencies are ready.
 */
const paneObject = z
  .strictObject({
    command: commandLine.optional(),
    shell: z.boolean().default(false),
    cwd: z.string().optional(),
    env: z.record(z.string(), envValue).default({}),
    /** Services that must be ready before this pane's command starts. */
    depends_on: z.array(name).default([]),
  })
  .check((ctx) => {
    if (ctx.value.command === undefined) return;
    const argv = toArgv(ctx.value.command, ctx.value.shell);
    if (!argv.ok) ctx.issues.push({ code: 'custom', input: ctx.value.command, path: ['command'], message: argv.message });
  });

/** A pane: a command (string or argv list), or a mapping with command, cwd, env, depends_on. */
const paneSchema = z.preprocess((pane) => (typeof pane === 'string' || Array.isArray(pane) ? { command: pane } : pane), paneObject);

const builtInLayouts = ['even-horizontal', 'even-vertical', 'main-horizontal', 'main-vertical', 'tiled'] as const;

const windowSchema = z.strictObject({
  name: z.string().min(1).regex(/^[^:.]+$/, 'a window name has no ":" or "."'),
  /** One of tmux's layouts, or a layout string as `list-windows -F "#{window_layout}"` prints it. */
  layout: z
    .string()
    .refine((text) => (builtInLayouts as readonly string[]).includes(text) || /^[0-9a-f]{4},\d+x\d+/.test(text), {
      error: `expected ${builtInLayouts.join(', ')} or a tmux layout string`,
    })
    .optional(),
  cwd: z.string().optional(),
  panes: z.array(paneSchema).min(1, 'a window needs at least one pane').default([{ shell: false, env: {}, depends_on: [] }]),
});

export const layoutSchema = z.strictObject({
  cwd: z.string().optional(),
  windows: z.array(windowSchema).min(1, 'a layout needs at least one window'),
});

export const tmuxSchema = z.strictObject({
  /** `tmux -L <socket>`; absent: the operator's default tmux server, so `tmux attach` just works. */
  socket: name.optional(),
  /** The session of services with `tmux: true`; default: the workspace's name, or "zervigo". */
  session: name.optional(),
  layouts: z.record(name, layoutSchema).default({}),
});

export type TmuxConfig = z.infer<typeof tmuxSchema>;
export type LayoutConfig = z.infer<typeof layoutSchema>;
export type LayoutWindowConfig = z.infer<typeof windowSchema>;
export type LayoutPaneConfig = z.infer<typeof paneObject>;
