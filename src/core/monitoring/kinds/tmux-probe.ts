import { execFile } from 'node:child_process';
import { z } from 'zod';
import type { ProbeKind } from '../probe-kind';
import { failed, passed, since, type ProbeCheck } from '../check-result';

export interface TmuxProbeOptions {
  /** The tmux server (`tmux -L <socket>`); "default" is the one plain `tmux` uses. */
  socket: string;
  session: string;
  window?: string;
  pane?: string;
}

/** "session", "session:window" or "session:window.pane"; `socket` is the tmux -L server name. */
const tmuxTarget = z.union([
  z.string().min(1),
  z.strictObject({
    session: z.string().min(1).describe('The tmux session that must exist.'),
    window: z.string().optional().describe('A window of that session that must exist.'),
    pane: z.union([z.string(), z.number()]).optional().describe('A pane of that window (its index).'),
    socket: z.string().min(1).optional().describe('The tmux server (tmux -L <socket>); default: your default server.'),
  }),
]);

/** A tmux session, window or pane: `tmux: "session:window"` or `{ session, window, pane, socket }`. */
export const tmuxProbe: ProbeKind<z.output<typeof tmuxTarget>> = {
  kind: 'tmux',
  summary: 'A tmux session / window / pane that exists and has no dead pane: "session", "session:window" or { session, window, socket }.',
  schema: tmuxTarget,
  expects: [],
  describe: (options) =>
    typeof options === 'string' ? options : [options.session, options.window, options.pane].filter((part) => part !== undefined).join(':'),
  createCheck: (options) => createTmuxCheck(tmuxOptionsOf(options)),
};

export function tmuxOptionsOf(tmux: string | { session: string; window?: string; pane?: string | number; socket?: string }): TmuxProbeOptions {
  if (typeof tmux === 'object')
    return { socket: tmux.socket ?? 'default', session: tmux.session, window: tmux.window, pane: tmux.pane === undefined ? undefined : String(tmux.pane) };
  // "session", "session:window" or "session:window.pane"
  const match = /^([^:]+)(?::([^.]+)(?:\.(.+))?)?$/.exec(tmux);
  return { socket: 'default', session: match?.[1] ?? tmux, window: match?.[2], pane: match?.[3] };
}

export function describeTmuxTarget(options: TmuxProbeOptions): string {
  return `${options.session}${options.window === undefined ? '' : `:${options.window}`}${options.pane === undefined ? '' : `.${options.pane}`}`;
}

/**
 * The session (or window, or pane) exists on the tmux server and none of its panes is dead.
 * Names are matched exactly ("=name"), not by tmux's prefix matching.
 */
export function createTmuxCheck(options: TmuxProbeOptions): ProbeCheck {
  const exact = (name: string): string => (/^\d+$/.test(name) ? name : `=${name}`);
  // "=dev:" is exactly session dev; a bare "=dev" would fall back to prefix and window lookups.
  let target = `=${options.session}:`;
  if (options.window !== undefined) target += exact(options.window);
  if (options.pane !== undefined) target += `.${options.pane}`;
  // A session alone: every pane of every window (-s); a window or pane: just those.
  // -u: the tabs of the format survive a process without a UTF-8 locale (see TmuxClient.run).
  const args = [
    '-u',
    '-L',
    options.socket,
    'list-panes',
    ...(options.window === undefined ? ['-s'] : []),
    '-t',
    target,
    '-F',
    '#{pane_dead}\t#{pane_dead_status}\t#{window_index}.#{pane_index}',
  ];
  const what = describeTmuxTarget(options);
  return (signal) =>
    new Promise((resolve) => {
      const started = performance.now();
      execFile('tmux', args, { signal, timeout: 10_000, maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
        const durationMs = since(started);
        if (error !== null) {
          resolve(failed(tmuxProblem(error, stderr, what, options.socket), durationMs));
          return;
        }
        const panes = stdout
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => line.split('\t') as [string, string, string]);
        if (options.pane !== undefined && panes.length > 1) {
          // list-panes -t session:window.pane lists the window; keep the pane asked for.
          const wanted = panes.filter(([, , id]) => id.endsWith(`.${options.pane ?? ''}`));
          panes.splice(0, panes.length, ...wanted);
        }
        if (panes.length === 0) {
          resolve(failed(`${what} has no panes`, durationMs));
          return;
        }
        const dead = panes.filter(([isDead]) => isDead === '1');
        if (dead.length > 0) {
          const [, status, id] = dead[0] as [string, string, string];
          resolve(
            failed(
              `pane ${options.session}:${id} is dead${status === '' ? '' : ` (exit status ${status})`}${dead.length > 1 ? ` and ${dead.length - 1} more` : ''}`,
              durationMs,
              [{ name: 'tmux_panes_dead', value: dead.length }],
            ),
          );
          return;
        }
        resolve(passed(durationMs, [{ name: 'tmux_panes_dead', value: 0 }]));
      });
    });
}

function tmuxProblem(error: { code?: string | number | null; name: string; message: string }, stderr: string, what: string, socket: string): string {
  if (error.code === 'ENOENT') return 'tmux is not installed';
  if (error.name === 'AbortError') return 'tmux did not answer in time';
  const said = stderr.trim();
  if (/no server running|error connecting to|No such file or directory/i.test(said)) return `no tmux server is running on socket "${socket}"`;
  if (/can't find session/i.test(said)) return `tmux session "${what.split(':')[0] ?? what}" does not exist`;
  if (/can't find window/i.test(said)) return `tmux window ${what} does not exist`;
  if (/can't find pane/i.test(said)) return `tmux pane ${what} does not exist`;
  return said === '' ? `tmux failed: ${error.message}` : `tmux: ${said}`;
}
