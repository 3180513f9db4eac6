import fs from 'node:fs';
import path from 'node:path';
import { ZervigoError } from '../../shared/errors';
import type { ConfigErrorView, ConfigIssue, ConfigSource, WorkspaceView } from '../../shared/types/workspace';
import type { Clock } from '../clock';
import type { EventBus } from '../event-bus';
import type { Logger } from '../logger';
import type { ConfigHistory } from '../store/config-history';
import { fileLabel, toWorkspaceView, type ActiveWorkspace } from './active-workspace';
import { defaultWorkspaceYaml } from './default-workspace';
import { watchFile } from './file-watcher';
import { assertTextWithinLimit, DEFAULT_MAX_WORKSPACE_BYTES } from './input-limits';
import { formatIssue, parseWorkspace, type ParsedWorkspace } from './parse-workspace';
import type { WorkspaceKinds } from './schema';
import type { WorkspaceQuotas } from '../../shared/types/hosted-workspaces';
import type { PluginKindLookup } from './plugin-kinds';
import { readTextFile, type TextFileProblem } from './read-text-file';

export interface WorkspaceManagerDeps {
  history: ConfigHistory;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  processEnv?: NodeJS.ProcessEnv;
  /** The workspace file and edits are refused over this many bytes (default 4 MiB). */
  maxBytes?: number;
  /** The kinds the registries hold: the workspace schema is assembled from them. */
  kinds: WorkspaceKinds;
  /** Probe kinds from installed plugins (read at each parse: enabling one changes what is valid). */
  pluginKinds?: () => PluginKindLookup | undefined;
  /** The console's agents, read at each parse: a probe's `from` must name one of them (or local). */
  agents?: () => readonly string[];
  /** The server's limits on this workspace (probes, shortest interval): a version over them is refused like an invalid one. */
  quotas?: WorkspaceQuotas;
}

type AppliedListener = (active: ActiveWorkspace, previous: ActiveWorkspace | null) => void;

/**
 * Owns the running workspace: loads it, reloads it when the file changes, accepts edits from
 * the app, switches environments and restores history. A version that does not validate is
 * never applied: the last good one keeps running and the error is published.
 */
export class WorkspaceManager {
  private active: ActiveWorkspace | null = null;
  private error: ConfigErrorView | null = null;
  private environmentOverride: string | null = null;
  private stopWatching: (() => void) | null = null;
  private readonly listeners = new Set<AppliedListener>();
  private readonly maxBytes: number;

  constructor(private readonly deps: WorkspaceManagerDeps) {
    this.maxBytes = deps.maxBytes ?? DEFAULT_MAX_WORKSPACE_BYTES;
  }
  /** The kinds workspaces are validated against (for the JSON Schema). */
  kinds(): WorkspaceKinds {
    return this.deps.kinds;
  }

  /** The installed plugins' kinds as the next parse will see them (for the JSON Schema), if plugins are known here. */
  pluginKinds(): PluginKindLookup | undefined {
    return this.deps.pluginKinds?.();
  }

  /**
   * Loads the workspace at startup. When the file is invalid but an earlier version of it was
   * accepted, that version runs and the error is shown; with no good version there is nothing
   * to run, and the issues are thrown.
   */
  open(workspacePath: string | null, environment: string | null = null): ActiveWorkspace {
    this.environmentOverride = environment;
    const file = fileLabel(workspacePath);
    const read =
      workspacePath === null
        ? { ok: true as const, text: defaultWorkspaceYaml }
        : readTextFile(workspacePath, this.maxBytes, `workspace file ${workspacePath}`);
    const content = read.ok ? read.text : '';
    const parsed = read.ok ? this.parse(content, file, true) : { ok: false as const, issues: [issueOf(file, read.problem)] };
    if (parsed.ok) {
      this.apply(workspacePath, content, parsed.workspace, 'startup');
    } else {
      const lastGood = this.lastGoodVersion(file);
      if (lastGood === null) {
        // A file that cannot be read as text (missing, a folder, too big, binary) is one sentence.
        if (!read.ok) throw new ZervigoError(read.problem.missing ? 'not_found' : 'invalid_input', read.problem.message, { issues: parsed.issues });
        throw new ZervigoError(
          'invalid_input',
          `${file} has ${parsed.issues.length} error${parsed.issues.length === 1 ? '' : 's'}:\n${parsed.issues.map(formatIssue).join('\n')}`,
          { issues: parsed.issues },
        );
      }
      this.apply(workspacePath, lastGood.content, lastGood.workspace, 'startup');
      this.reject(file, parsed.issues);
      this.deps.logger.warn({ file, issues: parsed.issues.length }, 'workspace file has errors; running the last good version');
    }
    if (workspacePath !== null) this.stopWatching = watchFile(workspacePath, () => this.reloadFromFile());
    return this.current();
  }

  close(): void {
    this.stopWatching?.();
    this.stopWatching = null;
  }

  current(): ActiveWorkspace {
    if (this.active === null) throw new ZervigoError('unavailable', 'no workspace is loaded yet');
    return this.active;
  }

  view(): WorkspaceView {
    return toWorkspaceView(this.current(), this.error);
  }

  /** The file's last edit that did not load (the running version is older than the file), or null. */
  rejectedEdit(): ConfigErrorView | null {
    return this.error;
  }

  onApplied(listener: AppliedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  validate(content: string): ConfigIssue[] {
    assertTextWithinLimit(content, this.maxBytes, 'the workspace text');
    const parsed = this.parse(content, fileLabel(this.current().path));
    return parsed.ok ? [] : parsed.issues;
  }

  /** A valid text as it would run here (this environment, this process's variables), without applying it; null when invalid. */
  candidate(content: string): Pick<ActiveWorkspace, 'config' | 'path'> | null {
    const path = this.current().path;
    const parsed = this.parse(content, fileLabel(path));
    return parsed.ok ? { config: parsed.workspace.config, path } : null;
  }

  /**
   * Validates, writes the file atomically and applies it. Refuses edits made on a stale version.
   * The version is dated when the save was asked for, not after validating it: on a busy machine
   * parsing took long enough that what the edit caused (a restart to apply it) was already seen,
   * and dated, before the change itself, and the root-cause ranking does not weigh a change
   * made after an incident began.
   */
  save(content: string, source: ConfigSource, baseVersionId?: number): WorkspaceView {
    const askedAt = this.deps.clock.now();
    const active = this.current();
    if (active.path === null) {
      throw new ZervigoError('conflict', 'the built-in workspace cannot be edited; run `zervigo init` to write it to ./zervigo.yaml and start Zervigo there');
    }
    if (baseVersionId !== undefined && baseVersionId !== active.versionId) {
      throw new ZervigoError(
        'conflict',
        `the workspace changed since it was opened (version ${active.versionId} is running, the edit is based on ${baseVersionId}); reload and edit again`,
      );
    }
    assertTextWithinLimit(content, this.maxBytes, 'the workspace text');
    const parsed = this.parse(content, active.path);
    if (!parsed.ok) throw invalidWorkspace(parsed.issues);
    writeAtomically(active.path, content);
    this.apply(active.path, content, parsed.workspace, source, askedAt);
    return this.view();
  }

  setEnvironment(environment: string): WorkspaceView {
    const active = this.current();
    const parsed = parseWorkspace(active.content, {
      file: fileLabel(active.path),
      environment,
      processEnv: this.deps.processEnv,
      maxBytes: this.maxBytes,
      kinds: this.deps.kinds,
      pluginKinds: this.deps.pluginKinds?.(),
      agents: this.deps.agents?.(),
      quotas: this.deps.quotas,
    });
    if (!parsed.ok) throw invalidWorkspace(parsed.issues);
    this.environmentOverride = environment;
    this.apply(active.path, active.content, parsed.workspace, 'app');
    return this.view();
  }

  restore(versionId: number): WorkspaceView {
    const version = this.deps.history.get(versionId);
    if (version === undefined) throw new ZervigoError('not_found', `no workspace version ${versionId}`);
    const active = this.current();
    if (version.file !== fileLabel(active.path)) {
      throw new ZervigoError('conflict', `version ${versionId} belongs to ${version.file}, not to the running workspace ${fileLabel(active.path)}`);
    }
    return this.save(version.content, 'restore');
  }

  /** Called by the watcher; also usable directly (tests, "reload" command). */
  reloadFromFile(): void {
    const active = this.active;
    if (active === null || active.path === null) return;
    const read = readTextFile(active.path, this.maxBytes, 'the workspace file');
    if (!read.ok) {
      // An editor replacing the file can leave a moment with no file; the rename triggers again.
      if (read.problem.missing && !fs.existsSync(path.dirname(active.path))) return;
      const issue = read.problem.missing
        ? { ...issueOf(active.path, read.problem), message: 'the workspace file was deleted; the last good version keeps running' }
        : issueOf(active.path, read.problem);
      this.reject(active.path, [issue]);
      return;
    }
    const content = read.text;
    if (content === active.content && this.error === null) return;
    const parsed = this.parse(content, active.path, true);
    if (!parsed.ok) {
      this.reject(active.path, parsed.issues);
      return;
    }
    this.apply(active.path, content, parsed.workspace, 'file');
  }

  /** `installMissing`: the file being loaded may have the engine install the plugins its `plugins:` lacks; a draft being validated never does. */
  private parse(content: string, file: string, installMissing = false): ReturnType<typeof parseWorkspace> {
    const pluginKinds = this.deps.pluginKinds?.();
    return parseWorkspace(content, {
      file,
      environment: this.environmentOverride,
      processEnv: this.deps.processEnv,
      maxBytes: this.maxBytes,
      kinds: this.deps.kinds,
      pluginKinds: pluginKinds === undefined || installMissing ? pluginKinds : { ...pluginKinds, requestInstall: undefined },
      agents: this.deps.agents?.(),
      quotas: this.deps.quotas,
    });
  }

  /** `askedAt`: when the version was asked for (a save), dating it in the history; a reload or a start is dated when applied. */
  private apply(workspacePath: string | null, content: string, parsed: ParsedWorkspace, source: ConfigSource, askedAt?: number): void {
    const now = this.deps.clock.now();
    const versionId = this.deps.history.record(fileLabel(workspacePath), content, source, askedAt ?? now);
    const previous = this.active;
    this.active = { path: workspacePath, content, config: parsed.config, environment: parsed.environment, vars: parsed.vars, versionId, loadedAt: now };
    this.error = null;
    for (const listener of this.listeners) {
      try {
        listener(this.active, previous);
      } catch (error) {
        this.deps.logger.error({ err: error }, 'a workspace listener failed');
      }
    }
    this.deps.bus.emit('workspace.changed', this.view());
  }

  private reject(file: string, issues: ConfigIssue[]): void {
    this.error = { at: this.deps.clock.now(), file, issues };
    this.deps.logger.warn({ file, first: issues[0] && formatIssue(issues[0]) }, 'workspace edit rejected');
    this.deps.bus.emit('workspace.invalid', this.error);
  }

  private lastGoodVersion(file: string): { content: string; workspace: ParsedWorkspace } | null {
    for (const summary of this.deps.history.recent(50)) {
      if (summary.file !== file) continue;
      const version = this.deps.history.get(summary.id);
      if (version === undefined) continue;
      const parsed = this.parse(version.content, file);
      if (parsed.ok) return { content: version.content, workspace: parsed.workspace };
    }
    return null;
  }
}

export function invalidWorkspace(issues: ConfigIssue[]): ZervigoError {
  const first = issues[0];
  const summary = first === undefined ? 'the workspace is invalid' : formatIssue(first);
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return new ZervigoError('invalid_input', `${summary}${more}`, { issues });
}

function issueOf(file: string, problem: TextFileProblem): ConfigIssue {
  return { file, line: problem.line, col: problem.col, path: '', message: problem.message };
}

/** Write to a sibling and rename over: a crash never leaves half a workspace file. */
function writeAtomically(file: string, content: string): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    const mode = fs.existsSync(file) ? fs.statSync(file).mode & 0o777 : 0o644;
    fs.writeFileSync(temporary, content, { mode });
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw new ZervigoError('unavailable', `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
