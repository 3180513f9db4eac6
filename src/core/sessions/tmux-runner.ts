import type { TmuxPaneView, TmuxSessionView } from '../../shared/types/sessions';
import { openLogFile, serviceLogFile } from '../process/log-file';
import { isAlive, terminateGroup } from '../process/process-group';
import { StartError, type ExitInfo, type ProcessHandle, type ServiceOutputSink, type ServiceRunner, type ServiceSpec } from '../process/runner';
import { askToStop } from '../process/stop-command';
import { isTmuxMissing, type TmuxClient } from './tmux-client';
import { PaneExitPipe } from './pane-exit-pipe';
import { literalFormat, paneArgv, shellQuote, signalName } from './tmux-format';
import type { TmuxSnapshot, TmuxWatcher } from './tmux-watcher';

/** What a fresh window runs until the service's command replaces it (so remain-on-exit is set first). */
export const PLACEHOLDER = ['tail', '-f', '/dev/null'];

/**
 * A pane's death wakes us at once through its exit pipe (pane-exit-pipe.ts) or tmux's
 * pane-died hook, which alone misses a few deaths in a hundred (tmux 3.3a). The pane processes
 * are children of the tmux server, which reaps them at once, so looking at their pids this
 * often is a cheap last safety net, for panes without a pipe (taken over from an earlier run).
 */
export const PANE_PID_CHECK_MS = 100;

export interface TmuxRunnerOptions {
  client: TmuxClient;
  watcher: TmuxWatcher;
  logDir: string;
  output: ServiceOutputSink;
  now?: () => number;
  /** The pid safety net's interval (tests turn it off to see the events alone). */
  pidCheckMs?: number;
}

/**
 * Runs a service in a window of a tmux session, so the operator can attach to it. The window
 * keeps its dead pane (remain-on-exit), so an exit shows its status and the output stays
 * readable; a restart respawns the same pane. Output is piped to the service's log file.
 */
export class TmuxRunner implements ServiceRunner {
  private readonly handles = new Map<string, TmuxHandle>();
  private readonly followed = new Set<string>();
  private readonly now: () => number;
  private pidCheck: NodeJS.Timeout | null = null;

  constructor(private readonly options: TmuxRunnerOptions) {
    this.now = options.now ?? Date.now;
    options.watcher.onChange((snapshot) => this.settle(snapshot));
  }

  async find(spec: ServiceSpec): Promise<ProcessHandle | null> {
    const found = await this.locate(spec).catch((error: unknown) => {
      throw isTmuxMissing(error) ? new StartError((error as Error).message) : error;
    });
    if (found === null || found.pane.dead || found.pane.pid === null) return null;
    await this.options.watcher.watchSession(found.session.name);
    return this.track(spec, found.pane, true);
  }

  async start(spec: ServiceSpec): Promise<ProcessHandle> {
    const { client } = this.options;
    const target = spec.tmux as { session: string; window: string };
    const [command] = spec.argv;
    if (command === undefined) throw new StartError('the start command is empty');
    let paneId: string;
    // Its end wakes the watcher at once, whether or not tmux's hook fires.
    const exitPipe = PaneExitPipe.create(this.options.logDir, () => void this.options.watcher.refresh().catch(() => undefined));
    try {
      const found = await this.locate(spec);
      if (found !== null && !found.pane.dead)
        throw new StartError(`tmux window ${target.session}:${target.window} is already running something else (${found.pane.command})`);
      const logFile = serviceLogFile(this.options.logDir, spec.name);
      const argv = exitPipe === null ? paneArgv(spec.argv) : exitPipe.wrap(spec.argv);
      const respawn = (pane: string): string[] => [
        'respawn-pane',
        '-k',
        '-t',
        pane,
        '-c',
        literalFormat(spec.cwd),
        ...Object.entries(spec.env).flatMap(([key, value]) => ['-e', `${key}=${value}`]),
        ...argv,
      ];
      if (found !== null) {
        // Its dead pane keeps remain-on-exit and the pipe to the log file: respawning is enough.
        paneId = found.pane.id;
        await this.options.watcher.watchSession(target.session);
        await client.run(respawn(paneId));
      } else {
        paneId = await this.createWindow(target.session, target.window);
        await this.options.watcher.watchSession(target.session);
        openLogFile(logFile).end();
        await client.run(
          ['set-option', '-p', '-t', paneId, 'remain-on-exit', 'on'],
          ['pipe-pane', '-o', '-t', paneId, `cat >> ${shellQuote(logFile)}`],
          respawn(paneId),
        );
      }
      if (!this.followed.has(spec.name)) {
        this.followed.add(spec.name);
        this.options.output.followFile(spec.name, logFile);
      }
    } catch (error) {
      exitPipe?.close();
      if (isTmuxMissing(error)) throw new StartError((error as Error).message);
      throw error;
    }
    const pane = await this.paneById(paneId).catch((error: unknown) => {
      exitPipe?.close();
      throw error;
    });
    if (pane === null) {
      exitPipe?.close();
      throw new StartError(`tmux window ${target.session}:${target.window} closed as soon as it opened`);
    }
    const handle = this.track(spec, pane, false);
    void handle.exited.then(() => exitPipe?.close());
    // Exited before we could look: report it as the exit it was.
    if (pane.dead) this.settleDeath(handle, pane);
    return handle;
  }

  private async createWindow(session: string, window: string): Promise<string> {
    const { client } = this.options;
    const sessions = await client.list();
    const exists = sessions.some((entry) => entry.name === session);
    const out = exists
      ? await client.run(['new-window', '-d', '-t', `=${session}:`, '-n', window, '-P', '-F', '#{pane_id}', ...PLACEHOLDER])
      : await client.run(['new-session', '-d', '-s', session, '-n', window, '-x', '200', '-y', '50', '-P', '-F', '#{pane_id}', ...PLACEHOLDER]);
    return out.trim();
  }

  private async locate(spec: ServiceSpec): Promise<{ session: TmuxSessionView; pane: TmuxPaneView } | null> {
    const target = spec.tmux;
    if (target === null) return null;
    const sessions = await this.options.client.list();
    const session = sessions.find((entry) => entry.name === target.session);
    const window = session?.windows.find((entry) => entry.name === target.window);
    const pane = window?.panes[0];
    return session === undefined || pane === undefined ? null : { session, pane };
  }

  private async paneById(id: string): Promise<TmuxPaneView | null> {
    for (const session of await this.options.client.list()) {
      for (const window of session.windows) {
        const pane = window.panes.find((entry) => entry.id === id);
        if (pane !== undefined) return pane;
      }
    }
    return null;
  }

  private track(spec: ServiceSpec, pane: TmuxPaneView, adopted: boolean): TmuxHandle {
    const target = spec.tmux as { session: string; window: string };
    const handle: TmuxHandle = new TmuxHandle(
      pane.id,
      pane.pid as number,
      `${target.session}:${target.window}`,
      this.now(),
      adopted,
      serviceLogFile(this.options.logDir, spec.name),
      (grace): Promise<ExitInfo> => this.stopPane(spec, handle, grace),
    );
    this.handles.set(pane.id, handle);
    this.checkPids();
    void handle.exited.then(() => {
      if (this.handles.get(pane.id) === handle) this.handles.delete(pane.id);
      this.checkPids();
    });
    return handle;
  }

  private async stopPane(spec: ServiceSpec, handle: TmuxHandle, graceMs: number): Promise<ExitInfo> {
    handle.stopping = true;
    if (!handle.ended) {
      await terminateGroup(handle.pid, graceMs, { leaderGone: () => handle.ended || !isAlive(handle.pid), ask: () => askToStop(spec, handle.pid) });
    }
    // Stopped on purpose: the window goes (its output is in the log file).
    await this.options.client.run(['kill-window', '-t', handle.paneId]).catch(() => undefined);
    handle.end({ code: null, signal: 'SIGTERM', reason: 'stopped' });
    void this.options.watcher.refresh().catch(() => undefined);
    return handle.exited;
  }

  /** Runs the pid safety net while there are panes to watch. */
  private checkPids(): void {
    if (this.handles.size === 0) {
      if (this.pidCheck !== null) clearInterval(this.pidCheck);
      this.pidCheck = null;
      return;
    }
    if (this.pidCheck !== null) return;
    this.pidCheck = setInterval(() => {
      for (const handle of this.handles.values()) {
        if (!handle.ended && !handle.stopping && !isAlive(handle.pid)) {
          void this.options.watcher.refresh().catch(() => undefined);
          return;
        }
      }
    }, this.options.pidCheckMs ?? PANE_PID_CHECK_MS);
    this.pidCheck.unref();
  }

  /** Resolves the handles whose pane died, closed, or whose server went away. */
  private settle(snapshot: TmuxSnapshot): void {
    const panes = new Map<string, TmuxPaneView>();
    for (const session of snapshot.sessions) for (const window of session.windows) for (const pane of window.panes) panes.set(pane.id, pane);
    for (const [id, handle] of this.handles) {
      // A pane being stopped on purpose is ended by stopPane, as "stopped".
      if (handle.stopping) continue;
      const pane = panes.get(id);
      if (!snapshot.running) handle.end({ code: null, signal: null, reason: 'the tmux server exited (killed from outside?)' });
      else if (pane === undefined) handle.end({ code: null, signal: null, reason: 'its tmux window was closed' });
      else if (pane.dead) this.settleDeath(handle, pane);
    }
  }

  /**
   * tmux shows a pane dead when its terminal closes, but knows how it died only once it has reaped
   * the process. Between the two, and for good when tmux 3.3a misses a SIGCHLD (measured: about one
   * SIGKILL in four under load left the process a zombie of the server for seconds, with no hook and
   * no status), the pane reads dead without a cause. Rather than record an exit without one, make
   * tmux reap (any child of the server that ends makes it collect all of them: a `run-shell true`)
   * and look again, a few times; then record what is known.
   */
  private settleDeath(handle: TmuxHandle, pane: TmuxPaneView): void {
    const known = pane.deadStatus !== null || pane.deadSignal !== null;
    if (known || handle.statusLooks >= DEATH_STATUS_LOOKS) {
      handle.end({ code: pane.deadStatus, signal: signalName(pane.deadSignal) });
      return;
    }
    const delay = DEATH_STATUS_FIRST_LOOK_MS * 2 ** handle.statusLooks;
    handle.statusLooks += 1;
    const lookAgain = (): void => void this.options.watcher.refresh().catch(() => undefined);
    void this.options.client
      .run(['run-shell', 'true'])
      .catch(() => undefined)
      .then(() => setTimeout(lookAgain, delay).unref());
  }
}

/** Looks for a dead pane's cause before recording its exit without one: 10 ms doubling, about 2.5 s in all. */
const DEATH_STATUS_FIRST_LOOK_MS = 10;
const DEATH_STATUS_LOOKS = 8;

class TmuxHandle implements ProcessHandle {
  readonly exited: Promise<ExitInfo>;
  ended = false;
  stopping = false;
  /** How many times a dead pane was looked at again for its exit status (see settleDeath). */
  statusLooks = 0;
  private resolve!: (info: ExitInfo) => void;

  constructor(
    readonly paneId: string,
    readonly pid: number,
    readonly tmuxTarget: string,
    readonly startedAt: number,
    readonly adopted: boolean,
    readonly logFile: string,
    private readonly stopper: (graceMs: number) => Promise<ExitInfo>,
  ) {
    this.exited = new Promise((resolve) => (this.resolve = resolve));
  }

  end(info: ExitInfo): void {
    if (this.ended) return;
    this.ended = true;
    this.resolve(info);
  }

  stop(graceMs: number): Promise<ExitInfo> {
    return this.stopper(graceMs);
  }
}
