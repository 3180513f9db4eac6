import path from 'node:path';
import { parseDocument, stringify } from 'yaml';
import type { TmuxServerView, TmuxSessionView } from '../../shared/types/sessions';
import { ZervigoError } from '../../shared/errors';
import type { AuditLog } from '../store/audit-log';
import type { ActiveWorkspace } from '../config/active-workspace';
import { didYouMean } from '../config/did-you-mean';
import { formatIssue } from '../config/parse-workspace';
import { toArgv, type LayoutConfig, type LayoutPaneConfig } from '../config/schema';
import type { Logger } from '../logger';
import type { ServiceManager } from '../lifecycle/service-manager';
import { defaultSession, workspaceDir } from '../lifecycle/service-spec';
import { importProject } from './project-import';
import { isTmuxMissing, type TmuxClient } from './tmux-client';
import { literalFormat, paneArgv } from './tmux-format';
import { PLACEHOLDER } from './tmux-runner';
import type { TmuxWatcher } from './tmux-watcher';
import { DEFAULT_MAX_WORKSPACE_BYTES } from '../config/input-limits';
import { readTextFile } from '../config/read-text-file';

export interface SessionControlDeps {
  tmux: () => TmuxClient;
  watcher: () => TmuxWatcher;
  manager: ServiceManager;
  audit: AuditLog;
  workspace: () => ActiveWorkspace;
  /** Writes a new workspace text (validated, applied, kept in history). */
  saveWorkspace: (content: string) => void;
  logger: Logger;
}

/**
 * tmux control for the console: list by ids, create sessions from the workspace's layouts (a
 * pane's command starts only once the services it depends on are ready: it is respawned into
 * the pane then, never typed into a shell after a sleep), kill, rename, send keys, capture,
 * respawn dead panes, and import tmuxinator/tmuxp projects.
 */
export class SessionControl {
  constructor(private readonly deps: SessionControlDeps) {}

  async list(): Promise<TmuxServerView> {
    try {
      return this.view(await this.deps.tmux().list());
    } catch (error) {
      if (isTmuxMissing(error)) return { ...this.view([]), available: false, message: (error as Error).message };
      throw error;
    }
  }

  /** The console's view of a listing (the watcher's, or a fresh one). */
  view(sessions: TmuxSessionView[]): TmuxServerView {
    const tmux = this.deps.tmux();
    const layouts = Object.keys(this.deps.workspace().config.tmux.layouts);
    const message = sessions.length === 0 ? 'no tmux server is running; start a service with tmux: true or create a session from a layout' : null;
    return {
      socket: tmux.socket,
      layouts,
      attachHint: tmux.attachHint(this.sessionToAttach(sessions)),
      available: true,
      running: sessions.length > 0,
      message,
      sessions,
    };
  }

  /** The session an operator most likely wants: the one services run in, else the first that is not a terminal view of another. */
  private sessionToAttach(sessions: readonly TmuxSessionView[]): string {
    const services = defaultSession(this.deps.workspace().config);
    const own = sessions.filter((session) => session.group === null || session.group === session.name);
    return own.length === 0 || own.some((session) => session.name === services) ? services : (own[0] as TmuxSessionView).name;
  }

  /** Creates the layout's session; returns at once, with the panes still waiting for their dependencies. */
  async up(layoutName: string, actor: string): Promise<{ session: string; waiting: string[] }> {
    const active = this.deps.workspace();
    const layouts = active.config.tmux.layouts;
    const layout = layouts[layoutName];
    if (layout === undefined) {
      const hint = didYouMean(layoutName, Object.keys(layouts));
      throw new ZervigoError(
        'not_found',
        `no layout "${layoutName}" under tmux.layouts${hint ? `; did you mean "${hint}"?` : Object.keys(layouts).length ? ` (layouts: ${Object.keys(layouts).join(', ')})` : ''}`,
      );
    }
    const tmux = this.deps.tmux();
    if ((await tmux.list()).some((session) => session.name === layoutName)) {
      throw new ZervigoError('conflict', `tmux session "${layoutName}" already exists; attach to it (${tmux.attachHint(layoutName)}) or kill it first`);
    }
    const audit = this.deps.audit.begin({ actor, action: 'session.up', target: layoutName });
    try {
      const waiting = await this.build(layoutName, layout, actor, workspaceDir(active));
      this.deps.audit.finish(audit, 'ok', waiting.length === 0 ? 'created; every pane started' : `created; waiting for dependencies: ${waiting.join(', ')}`);
      return { session: layoutName, waiting };
    } catch (error) {
      this.deps.audit.finish(audit, 'failed', (error as Error).message);
      await tmux.run(['kill-session', '-t', `=${layoutName}`]).catch(() => undefined);
      throw error;
    }
  }

  async kill(target: string, actor: string): Promise<void> {
    const command =
      target.startsWith('%') || /:.*\./.test(target) ? 'kill-pane' : target.startsWith('@') || target.includes(':') ? 'kill-window' : 'kill-session';
    await this.act(actor, 'session.kill', target, [[command, '-t', target]]);
  }

  async rename(target: string, name: string, actor: string): Promise<void> {
    const window = target.startsWith('@') || target.includes(':');
    await this.act(actor, 'session.rename', target, [[window ? 'rename-window' : 'rename-session', '-t', target, name]], `renamed to ${name}`);
  }

  /** Literal text (-l: no key names are interpreted), then Enter if asked. */
  async sendKeys(target: string, keys: string, enter: boolean, actor: string): Promise<void> {
    const commands: string[][] = [];
    if (keys !== '') commands.push(['send-keys', '-t', target, '-l', keys]);
    if (enter) commands.push(['send-keys', '-t', target, 'Enter']);
    if (commands.length === 0) return;
    // The keys themselves stay out of the audit log: they may be a password.
    await this.act(actor, 'session.send-keys', target, commands, `${keys.length} character${keys.length === 1 ? '' : 's'}${enter ? ' and Enter' : ''}`);
  }

  async capture(target: string, lines: number): Promise<string> {
    return this.deps.tmux().run(['capture-pane', '-p', '-J', '-t', target, '-S', `-${lines}`]);
  }

  async respawn(target: string, actor: string): Promise<void> {
    await this.act(actor, 'session.respawn', target, [['respawn-pane', '-t', target]]);
  }

  /** Reads a tmuxinator/tmuxp file; with apply, adds it to the workspace under tmux.layouts.<name>. */
  import(file: string, nameOverride: string | undefined, apply: boolean, actor: string): { name: string; yaml: string; applied: boolean } {
    const active = this.deps.workspace();
    const absolute = path.resolve(workspaceDir(active), file);
    const read = readTextFile(absolute, DEFAULT_MAX_WORKSPACE_BYTES);
    if (!read.ok) throw new ZervigoError(read.problem.missing ? 'not_found' : 'invalid_input', read.problem.message);
    const result = importProject(read.text, absolute, nameOverride);
    if (!result.ok) throw new ZervigoError('invalid_input', result.issues.map(formatIssue).join('\n'), { issues: result.issues });
    const yaml = `${result.warnings.map((warning) => `# ${warning}\n`).join('')}${stringify({ tmux: { layouts: { [result.name]: result.layout } } })}`;
    if (!apply) return { name: result.name, yaml, applied: false };
    if (active.path === null) throw new ZervigoError('conflict', 'the built-in workspace cannot be edited; run `zervigo init` first');
    const workspaceDoc = parseDocument(active.content);
    if (workspaceDoc.hasIn(['tmux', 'layouts', result.name]))
      throw new ZervigoError('conflict', `the workspace already has a layout "${result.name}"; import it under another name`);
    workspaceDoc.setIn(['tmux', 'layouts', result.name], workspaceDoc.createNode(result.layout));
    this.deps.saveWorkspace(workspaceDoc.toString());
    this.deps.audit.record({ actor, action: 'session.import', target: result.name, outcome: 'ok', message: `imported ${result.format} project ${absolute}` });
    return { name: result.name, yaml, applied: true };
  }

  private async act(actor: string, action: string, target: string, commands: string[][], message?: string): Promise<void> {
    const id = this.deps.audit.begin({ actor, action, target });
    try {
      await this.deps.tmux().run(...commands);
      this.deps.audit.finish(id, 'ok', message ?? null);
    } catch (error) {
      this.deps.audit.finish(id, 'failed', (error as Error).message);
      throw error;
    } finally {
      void this.deps
        .watcher()
        .refresh()
        .catch(() => undefined);
    }
  }

  private async build(session: string, layout: LayoutConfig, actor: string, dir: string): Promise<string[]> {
    const tmux = this.deps.tmux();
    const layoutDir = path.resolve(dir, layout.cwd ?? '.');
    const pending: { paneId: string; label: string; pane: LayoutPaneConfig; cwd: string }[] = [];
    for (const [w, window] of layout.windows.entries()) {
      const windowDir = path.resolve(layoutDir, window.cwd ?? '.');
      let windowId = '';
      for (const [p, pane] of window.panes.entries()) {
        const cwd = path.resolve(windowDir, pane.cwd ?? '.');
        // Panes with a command start on a placeholder, so remain-on-exit is set before it runs.
        const argv = pane.command === undefined ? [] : PLACEHOLDER;
        const env = Object.entries(pane.env).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
        const format = ['-P', '-F', '#{window_id} #{pane_id}'];
        const create =
          p > 0
            ? ['split-window', '-d', '-t', windowId, '-c', literalFormat(cwd), ...env, ...format, ...argv]
            : w === 0
              ? ['new-session', '-d', '-s', session, '-n', window.name, '-x', '200', '-y', '50', '-c', literalFormat(cwd), ...env, ...format, ...argv]
              : ['new-window', '-d', '-t', `=${session}:`, '-n', window.name, '-c', literalFormat(cwd), ...env, ...format, ...argv];
        const [createdWindow, paneId] = (await tmux.run(create)).trim().split(' ') as [string, string];
        windowId = createdWindow;
        if (pane.command !== undefined) {
          await tmux.run(['set-option', '-p', '-t', paneId, 'remain-on-exit', 'on']);
          pending.push({ paneId, label: `${session}:${window.name}.${p}`, pane, cwd });
        }
      }
      await tmux.run(['select-layout', '-t', windowId, window.layout ?? (window.panes.length > 1 ? 'tiled' : 'even-horizontal')]);
    }
    await this.deps.watcher().watchSession(session);
    const dependencies = [...new Set(pending.flatMap((entry) => entry.pane.depends_on))];
    const managed = dependencies.filter((name) => this.deps.manager.get(name) !== undefined);
    // The services the panes need are started (in their own order); each pane waits for its own.
    if (managed.length > 0)
      void this.deps.manager
        .run('start', managed, actor)
        .catch((error: unknown) => this.deps.logger.warn({ err: error }, "starting a layout's dependencies failed"));
    const waiting: string[] = [];
    for (const entry of pending) {
      if (entry.pane.depends_on.length === 0) {
        await this.startPane(entry.paneId, entry.pane, entry.cwd);
        continue;
      }
      waiting.push(`${entry.label} (after ${entry.pane.depends_on.join(', ')})`);
      await tmux.run([
        'respawn-pane',
        '-k',
        '-t',
        entry.paneId,
        '/bin/sh',
        '-c',
        'printf "waiting for %s to be ready…\\n" "$*"; exec tail -f /dev/null',
        'sh',
        ...entry.pane.depends_on,
      ]);
      void this.startWhenReady(entry.paneId, entry.label, entry.pane, entry.cwd, actor);
    }
    void this.deps
      .watcher()
      .refresh()
      .catch(() => undefined);
    return waiting;
  }

  private async startWhenReady(paneId: string, label: string, pane: LayoutPaneConfig, cwd: string, actor: string): Promise<void> {
    const results = await Promise.all(pane.depends_on.map((name) => this.deps.manager.waitReady(name)));
    const blockers = results.map((result, i) => (result.ok ? null : `${pane.depends_on[i]}: ${result.message}`)).filter((text) => text !== null);
    const id = this.deps.audit.begin({ actor, action: 'session.pane-start', target: label, message: `after ${pane.depends_on.join(', ')}` });
    if (blockers.length > 0) {
      const message = `not started: ${blockers.join('; ')}`;
      await this.deps
        .tmux()
        .run(['respawn-pane', '-k', '-t', paneId, '/bin/sh', '-c', 'printf "%s\\n" "$1"; exec tail -f /dev/null', 'sh', message])
        .catch(() => undefined);
      this.deps.audit.finish(id, 'failed', message);
      return;
    }
    try {
      await this.startPane(paneId, pane, cwd);
      this.deps.audit.finish(id, 'ok', 'dependencies ready; command started');
    } catch (error) {
      this.deps.audit.finish(id, 'failed', (error as Error).message);
    }
  }

  private async startPane(paneId: string, pane: LayoutPaneConfig, cwd: string): Promise<void> {
    const argv = toArgv(pane.command as string | string[], pane.shell);
    if (!argv.ok) throw new ZervigoError('invalid_input', argv.message);
    const env = Object.entries(pane.env).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
    await this.deps.tmux().run(['respawn-pane', '-k', '-t', paneId, '-c', literalFormat(cwd), ...env, ...paneArgv(argv.argv)]);
  }
}
