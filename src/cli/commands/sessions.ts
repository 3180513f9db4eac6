import path from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { DEFAULT_MAX_WORKSPACE_BYTES, resolveMaxWorkspaceBytes } from '../../core/config/input-limits';
import { locateWorkspace } from '../../core/config/locate-workspace';
import { formatIssue, parseWorkspace } from '../../core/config/parse-workspace';
import { readTextFile } from '../../core/config/read-text-file';
import { importProject } from '../../core/sessions/project-import';
import { TmuxClient } from '../../core/sessions/tmux-client';
import { ZervigoError } from '../../shared/errors';
import { printTable } from '../output';
import { builtinKinds } from '../../core/builtin-kinds';

/** The tmux server of the workspace (tmux.socket), read from the file without starting an engine. */
function workspaceTmux(flag: string | undefined): TmuxClient {
  const file = locateWorkspace(flag);
  if (file === null) return new TmuxClient({ socket: null });
  const maxBytes = resolveMaxWorkspaceBytes();
  const read = readTextFile(file, maxBytes);
  if (!read.ok) throw new ZervigoError(read.problem.missing ? 'not_found' : 'invalid_input', read.problem.message);
  const parsed = parseWorkspace(read.text, { kinds: builtinKinds, file, maxBytes });
  if (!parsed.ok) throw new ZervigoError('invalid_input', `${file} has errors:\n${parsed.issues.map(formatIssue).join('\n')}`);
  return new TmuxClient({ socket: parsed.workspace.config.tmux.socket ?? null });
}

export function registerSessionsCommand(program: Command): void {
  const sessions = program
    .command('sessions')
    .description('the tmux sessions of the workspace, with how to attach; `sessions import` converts tmuxinator/tmuxp projects')
    .option('-w, --workspace <file>', 'the workspace file (default: ./zervigo.yaml)')
    .option('--json', 'print the sessions as JSON')
    .action(async (options: { workspace?: string; json?: boolean }) => {
      const tmux = workspaceTmux(options.workspace);
      const list = await tmux.list();
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      const server = tmux.socket === null ? 'the default tmux server' : `tmux server -L ${tmux.socket}`;
      if (list.length === 0) {
        process.stdout.write(`No sessions on ${server}. Services with \`tmux: true\` start in one; \`zervigo serve\` creates layouts (tmux.layouts).\n`);
        return;
      }
      const rows = list.flatMap((session) =>
        session.windows.map((window) => {
          const dead = window.panes.filter((pane) => pane.dead);
          const state =
            dead.length === 0
              ? 'running'
              : `${dead.length} dead pane${dead.length === 1 ? '' : 's'}${dead[0]?.deadStatus !== null ? ` (exit ${dead[0]?.deadStatus})` : ''}`;
          return [session.name, `${window.index}:${window.name}`, String(window.panes.length), state, window.panes.map((pane) => pane.command).join(', ')];
        }),
      );
      process.stdout.write(`${list.length} session${list.length === 1 ? '' : 's'} on ${server}\n\n`);
      printTable(['SESSION', 'WINDOW', 'PANES', 'STATE', 'COMMANDS'], rows);
      process.stdout.write('\n');
      for (const session of list.filter((entry) => entry.group === null || entry.group === entry.name))
        process.stdout.write(`attach: ${tmux.attachHint(session.name)}\n`);
    });

  sessions
    .command('import')
    .argument('<file>', 'a tmuxinator (~/.tmuxinator/NAME.yml) or tmuxp project file')
    .option('--name <name>', 'the layout name (default: the project name)')
    .description('print a tmuxinator or tmuxp project as a workspace layout, to paste under tmux.layouts')
    .action((file: string, options: { name?: string }) => {
      const absolute = path.resolve(file);
      const read = readTextFile(absolute, DEFAULT_MAX_WORKSPACE_BYTES);
      if (!read.ok) throw new ZervigoError(read.problem.missing ? 'not_found' : 'invalid_input', read.problem.message);
      const result = importProject(read.text, file, options.name);
      if (!result.ok) {
        for (const issue of result.issues) process.stdout.write(`${formatIssue(issue)}\n`);
        process.exitCode = 1;
        return;
      }
      for (const warning of result.warnings) process.stdout.write(`# ${warning}\n`);
      process.stdout.write(stringify({ tmux: { layouts: { [result.name]: result.layout } } }));
    });
}
