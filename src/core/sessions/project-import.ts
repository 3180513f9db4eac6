import os from 'node:os';
import path from 'node:path';
import { isMap, isScalar, LineCounter, type Document, type Node } from 'yaml';
import { z } from 'zod';
import type { ConfigIssue } from '../../shared/types/workspace';
import { formatIssuePath, friendlyIssueMessage } from '../../shared/zod-message';
import { splitCommandLine } from '../config/argv';
import { nestedTooDeeply, nestsTooDeeply } from '../config/input-limits';
import { layoutSchema } from '../config/schema';
import { parseYamlDocument } from '../config/yaml-document';

/**
 * tmuxinator and tmuxp project files turned into a workspace layout (tmux.layouts.<name>).
 * Both type their pane commands into a shell; a command that needs one (pipes, &&, several
 * commands in a pane) is kept as `shell: true`, the rest become plain argv.
 */
export type ImportResult =
  { ok: true; format: 'tmuxinator' | 'tmuxp'; name: string; layout: Record<string, unknown>; warnings: string[] } | { ok: false; issues: ConfigIssue[] };

const command = z.union([z.string(), z.number().transform(String), z.null().transform(() => '')]);
const commands = z.union([command.transform((one) => [one]), z.array(command)]);

const tmuxinatorPane = z.union([command, z.array(command), z.record(z.string(), commands)]);
const tmuxinatorWindow = z.record(
  z.string(),
  z.union([
    commands,
    z.looseObject({
      layout: z.string().optional(),
      root: z.string().optional(),
      pre: commands.optional(),
      panes: z.array(tmuxinatorPane).optional(),
    }),
  ]),
);
const tmuxinatorProject = z.looseObject({
  name: z.string().optional(),
  project_name: z.string().optional(),
  root: z.string().optional(),
  project_root: z.string().optional(),
  pre_window: commands.optional(),
  windows: z.array(tmuxinatorWindow).min(1, 'a project needs at least one window'),
});

const tmuxpPane = z.union([command, z.looseObject({ shell_command: commands.optional(), start_directory: z.string().optional() })]);
const tmuxpWindow = z.looseObject({
  window_name: z.string().optional(),
  layout: z.string().optional(),
  start_directory: z.string().optional(),
  shell_command_before: commands.optional(),
  panes: z.array(tmuxpPane).optional(),
});
const tmuxpProject = z.looseObject({
  session_name: z.string(),
  start_directory: z.string().optional(),
  shell_command_before: commands.optional(),
  windows: z.array(tmuxpWindow).min(1, 'a session needs at least one window'),
});

export function importProject(text: string, file: string, nameOverride?: string): ImportResult {
  const lineCounter = new LineCounter();
  const doc = parseYamlDocument(text, { lineCounter });
  const at = (node: Node | null | undefined, issuePath: string, message: string): ConfigIssue => {
    const position = lineCounter.linePos(node?.range?.[0] ?? 0);
    return { file, line: position.line, col: position.col, path: issuePath, message };
  };
  if (doc.errors.length > 0) return { ok: false, issues: doc.errors.map((error) => at(null, '', error.message.split('\n')[0] ?? error.message)) };
  if (!isMap(doc.contents)) return { ok: false, issues: [at(doc.contents, '', 'expected a tmuxinator or tmuxp project (a mapping with windows:)')] };
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { ok: false, issues: [at(null, '', error instanceof RangeError ? nestedTooDeeply() : (error as Error).message)] };
  }
  if (nestsTooDeeply(raw)) return { ok: false, issues: [at(null, '', nestedTooDeeply())] };
  const isTmuxp = doc.has('session_name');
  const parsed = (isTmuxp ? tmuxpProject : tmuxinatorProject).safeParse(raw, { error: friendlyIssueMessage });
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((issue) => at(nodeAt(doc, issue.path), formatIssuePath(issue.path), issue.message)) };
  }
  const warnings: string[] = [];
  const converted = isTmuxp
    ? fromTmuxp(parsed.data as z.infer<typeof tmuxpProject>, warnings)
    : fromTmuxinator(parsed.data as z.infer<typeof tmuxinatorProject>, warnings);
  const name = sanitizeName(nameOverride ?? converted.name ?? path.basename(file).replace(/\.[^.]+$/, ''));
  // What comes out must be a layout the workspace accepts.
  const check = layoutSchema.safeParse(converted.layout);
  if (!check.success)
    return { ok: false, issues: check.error.issues.map((issue) => at(doc.contents, formatIssuePath(issue.path), `converted layout: ${issue.message}`)) };
  return { ok: true, format: isTmuxp ? 'tmuxp' : 'tmuxinator', name, layout: converted.layout, warnings };
}

function fromTmuxinator(project: z.infer<typeof tmuxinatorProject>, warnings: string[]): { name: string | undefined; layout: Record<string, unknown> } {
  const before = project.pre_window ?? [];
  if (before.length > 0) warnings.push(`pre_window (${before.join('; ')}) is run before each pane's command`);
  for (const key of ['pre', 'on_project_start', 'on_project_exit', 'startup_window', 'attach', 'tmux_options', 'socket_name']) {
    if (Object.hasOwn(project, key)) warnings.push(`"${key}" has no equivalent in a workspace layout and was left out`);
  }
  const windows = project.windows.map((entry) => {
    const [name, body] = Object.entries(entry)[0] as [string, string[] | { layout?: string; root?: string; pre?: string[]; panes?: unknown[] }];
    if (Array.isArray(body)) return { name: windowName(name), panes: [pane([...before, ...body])] };
    const windowBefore = [...before, ...(body.pre ?? [])];
    const panes = (body.panes ?? [null]).map((entry) => {
      const list =
        entry === null
          ? []
          : typeof entry === 'string'
            ? [entry]
            : Array.isArray(entry)
              ? (entry as string[])
              : (Object.values(entry as Record<string, string[]>)[0] ?? []);
      return pane([...windowBefore, ...list]);
    });
    return { name: windowName(name), ...(body.layout ? { layout: body.layout } : {}), ...(body.root ? { cwd: expandHome(body.root) } : {}), panes };
  });
  const root = project.root ?? project.project_root;
  return { name: project.name ?? project.project_name, layout: { ...(root ? { cwd: expandHome(root) } : {}), windows } };
}

function fromTmuxp(project: z.infer<typeof tmuxpProject>, warnings: string[]): { name: string; layout: Record<string, unknown> } {
  for (const key of ['before_script', 'shell_command', 'environment', 'options', 'global_options', 'suppress_history']) {
    if (Object.hasOwn(project, key)) warnings.push(`"${key}" has no equivalent in a workspace layout and was left out`);
  }
  const sessionBefore = project.shell_command_before ?? [];
  const windows = project.windows.map((window, index) => {
    const before = [...sessionBefore, ...(window.shell_command_before ?? [])];
    const panes = (window.panes ?? [null]).map((entry) => {
      if (entry === null || typeof entry === 'string') return pane([...before, ...(entry ? [entry] : [])]);
      const converted = pane([...before, ...(entry.shell_command ?? [])]);
      return entry.start_directory ? { ...converted, cwd: expandHome(entry.start_directory) } : converted;
    });
    return {
      name: windowName(window.window_name ?? `window${index + 1}`),
      ...(window.layout ? { layout: window.layout } : {}),
      ...(window.start_directory ? { cwd: expandHome(window.start_directory) } : {}),
      panes,
    };
  });
  return { name: project.session_name, layout: { ...(project.start_directory ? { cwd: expandHome(project.start_directory) } : {}), windows } };
}

/** One pane from the commands typed into it: none is a shell, one plain command is argv, more need a shell. */
function pane(commands: string[]): Record<string, unknown> {
  const list = commands.map((line) => line.trim()).filter((line) => line !== '');
  if (list.length === 0) return {};
  if (list.length === 1 && splitCommandLine(list[0] as string).ok) return { command: list[0] };
  return { command: list.join('; '), shell: true };
}

function windowName(name: string): string {
  return name.replace(/[:.]/g, '-') || 'window';
}

function sanitizeName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'imported';
}

function expandHome(dir: string): string {
  return dir === '~' || dir.startsWith('~/') ? path.join(os.homedir(), dir.slice(1)) : dir;
}

function nodeAt(doc: Document, issuePath: readonly PropertyKey[]): Node | null {
  for (let depth = issuePath.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : (doc.getIn(issuePath.slice(0, depth), true) as Node | undefined);
    if (node !== undefined && node !== null && !(isScalar(node) && node.range === undefined)) return node;
  }
  return null;
}
