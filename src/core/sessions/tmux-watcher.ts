import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import type { TmuxSessionView } from '../../shared/types/sessions';
import { isNoServer, isTmuxMissing, tmuxEnv, type TmuxClient } from './tmux-client';
import { signalChild } from '../process/signal-child';

/** Hook slot used in the sessions Zervigo watches, high enough to leave the operator's hooks alone. */
const HOOK_INDEX = 77;
const HOOKS = ['pane-died', 'pane-exited', 'window-unlinked', 'window-linked', 'window-renamed', 'session-renamed', 'after-split-window', 'after-kill-pane'];

export type TmuxSnapshot = { running: true; sessions: TmuxSessionView[] } | { running: false; sessions: [] };

/**
 * Notices what happens in tmux as it happens: hooks in the watched sessions signal a wait-for
 * channel that a `tmux wait-for` child of ours is blocked on, so a pane that dies wakes us at
 * once (no polling). A slow reconcile pass catches what no hook reports (a session killed from
 * outside); a killed server ends the waiter, which is noticed the same way.
 */
export class TmuxWatcher {
  private readonly channel = `zervigo-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  private readonly watched = new Set<string>();
  private readonly listeners = new Set<(snapshot: TmuxSnapshot) => void>();
  private waiter: ChildProcess | null = null;
  private reconcileTimer: NodeJS.Timeout | null = null;
  private refreshing: Promise<TmuxSnapshot> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly client: TmuxClient,
    private readonly reconcileMs = 2_000,
  ) {}

  onChange(listener: (snapshot: TmuxSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Installs the hooks in a session (again after it was recreated) and makes sure the waiter runs. */
  async watchSession(session: string): Promise<void> {
    this.watched.add(session);
    await this.client.run(...HOOKS.map((hook) => ['set-hook', '-t', session, `${hook}[${HOOK_INDEX}]`, `wait-for -S ${this.channel}`]));
    this.ensureWaiter();
    this.ensureReconcile();
  }

  unwatchSession(session: string): void {
    this.watched.delete(session);
    if (this.watched.size === 0) this.idle();
  }

  /** Lists tmux now and tells every listener. Overlapping calls share one listing plus one more. */
  refresh(): Promise<TmuxSnapshot> {
    if (this.refreshing !== null) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = this.list()
      .then((snapshot) => {
        for (const listener of [...this.listeners]) listener(snapshot);
        return snapshot;
      })
      .finally(() => {
        this.refreshing = null;
        if (this.again && !this.stopped) {
          this.again = false;
          // Whoever asked for this pass was handed the previous one; a failure here has nobody to tell.
          void this.refresh().catch(() => undefined);
        }
      });
    return this.refreshing;
  }

  stop(): void {
    this.stopped = true;
    this.idle();
    this.listeners.clear();
  }

  private async list(): Promise<TmuxSnapshot> {
    try {
      const sessions = await this.client.list();
      return sessions.length === 0 && !(await this.client.isServerRunning()) ? { running: false, sessions: [] } : { running: true, sessions };
    } catch (error) {
      if (isNoServer(error) || isTmuxMissing(error)) return { running: false, sessions: [] };
      throw error;
    }
  }

  private ensureWaiter(): void {
    if (this.waiter !== null || this.stopped) return;
    const waiter = spawn(this.client.binary, [...this.client.serverArgs(), 'wait-for', this.channel], { stdio: 'ignore', env: tmuxEnv() });
    this.waiter = waiter;
    waiter.once('error', () => undefined);
    waiter.once('exit', () => {
      if (this.waiter === waiter) this.waiter = null;
      if (this.stopped) return;
      void this.refresh().then(
        (snapshot) => {
          // A waiter ends when signalled or when the server goes; wait again only if there is one.
          if (snapshot.running && this.watched.size > 0) this.ensureWaiter();
        },
        () => undefined,
      );
    });
  }

  private ensureReconcile(): void {
    if (this.reconcileTimer !== null || this.stopped) return;
    this.reconcileTimer = setInterval(() => {
      void this.refresh().then(
        (snapshot) => {
          if (snapshot.running && this.watched.size > 0) this.ensureWaiter();
        },
        () => undefined,
      );
    }, this.reconcileMs);
    this.reconcileTimer.unref();
  }

  private idle(): void {
    if (this.reconcileTimer !== null) clearInterval(this.reconcileTimer);
    this.reconcileTimer = null;
    const waiter = this.waiter;
    this.waiter = null;
    if (waiter !== null) signalChild(waiter);
  }
}
