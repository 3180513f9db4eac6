import fs from 'node:fs';
import type { Writable } from 'node:stream';
import * as tar from 'tar';
import { formatDuration } from '../../shared/duration';
import type { DeployOutcome, DeployStageName, DeployStageView, DeployView } from '../../shared/types/deploys';
import type { Clock, TimerHandle } from '../clock';
import { toArgv, type DeployConfig } from '../config/schema';
import type { AlertFeed, AlertRaiser, ProcessRunner, ServiceControl } from '../automation/ports';
import { KEEP_LOG_CHARS, type DeployStore } from './deploy-store';
import type { Git, GitAccess } from './git';
import type { Releases } from './releases';
import type { RestartStrategy } from './restart-strategy';

export const DEPLOY_STAGES: DeployStageName[] = ['fetch', 'build', 'release', 'switch', 'restart', 'health', 'watch'];
export const ROLLBACK_STAGES: DeployStageName[] = ['switch', 'restart', 'health'];

/** The alerts a deploy raises: rolled back after the switch, or failed before it (nothing switched). */
export const ROLLED_BACK_ALERT = 'DeployRolledBack';
export const FAILED_ALERT = 'DeployFailed';

/** Service states in the watch window that mean the new release is not well. */
const UNWELL = new Set(['down', 'restarting', 'given_up']);

export interface DeployRunDeps {
  clock: Clock;
  store: DeployStore;
  releases: Releases;
  git: (log: (text: string) => void) => Git;
  access: GitAccess;
  config: DeployConfig;
  cwd: string;
  runProcess: ProcessRunner;
  services: ServiceControl;
  alerts: AlertFeed;
  raiser: AlertRaiser;
  restart: RestartStrategy;
  emit(view: DeployView): void;
}

class StageFailure extends Error {}

/** While a stage writes output (a build), its log is published at most this often, not only when the stage ends. */
const LOG_PUBLISH_MS = 500;

const short = (sha: string | null): string => (sha === null ? '(none)' : sha.slice(0, 7));

function errorWords(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return 'the disk is full (no space left on device)';
  return (error as Error).message;
}

/**
 * One deploy or rollback, stage by stage: fetch → build → release → switch → restart → health →
 * watch. Nothing before the switch touches what runs; a failure from the switch on switches back
 * to the release that ran before, restarts it, checks it, and raises an alert. Every stage's
 * timing and message, and the log, are kept in the store and published as they change.
 */
export class DeployRun {
  private readonly stages: DeployStageView[];
  private log = '';
  private logFlush: TimerHandle | null = null;
  private readonly abort = new AbortController();

  constructor(
    private view: DeployView,
    private readonly deps: DeployRunDeps,
    private readonly actor: string,
  ) {
    this.stages = view.stages;
  }

  get id(): number {
    return this.view.id;
  }

  current(): DeployView {
    return this.view;
  }

  /** The engine stops: whatever runs (a build) is stopped; the deploy ends as interrupted. */
  cancel(): void {
    this.abort.abort();
  }

  async deploy(ref: string): Promise<DeployView> {
    const { releases, config } = this.deps;
    const service = this.view.service;
    const previous = releases.current();
    this.update({ previousSha: previous, currentSha: previous });
    let switched = false;
    try {
      const git = this.deps.git((text) => this.append(text));
      const commit = await this.stage('fetch', async () => {
        await git.fetch(this.deps.access, this.abort.signal);
        const info = await git.resolve(ref, this.deps.access);
        this.update({ sha: info.sha, author: info.author, subject: info.subject });
        return `${ref} is ${short(info.sha)} by ${info.author}: ${info.subject}`;
      }).then(() => this.view.sha as string);
      const existing = releases.existing(commit);
      if (existing === 'foreign')
        throw new StageFailure(
          `${releases.dirOf(commit)} is in the way and is not a release Zervigo made (no ${'.zervigo-release.json'}); move it aside — nothing was switched`,
        );
      let staging: string | null = null;
      try {
        await this.stage('build', async () => {
          if (existing === 'release') return `release ${short(commit)} is already present (built before); reused, not rebuilt`;
          staging = releases.staging(commit, this.view.id);
          const unpack = tar.x({ cwd: staging, strict: true });
          const unpacked = new Promise<void>((resolve, reject) => unpack.once('close', resolve).once('finish', resolve).once('error', reject));
          // tar's extractor is a minipass stream: it takes writes and end() as a Writable does.
          await git.archive(commit, this.deps.access, unpack as unknown as Writable, this.abort.signal);
          unpack.end();
          await unpacked;
          for (const [index, step] of config.build.entries()) {
            const argv = toArgv(step, false);
            if (!argv.ok) throw new StageFailure(`build step ${index + 1}: ${argv.message}`);
            this.append(`$ ${argv.argv.join(' ')}\n`);
            const result = await this.deps.runProcess(argv.argv, {
              cwd: staging,
              env: { ZERVIGO_SERVICE: service, ZERVIGO_RELEASE_SHA: commit },
              timeoutMs: config.build_timeout,
              signal: this.abort.signal,
              onOutput: (text) => this.append(text),
            });
            if (!result.ok) {
              const full = /no space left on device/i.test(this.log.slice(-4000)) ? ' — the disk is full (no space left on device)' : '';
              throw new StageFailure(`build step ${index + 1} (${argv.argv.join(' ')}) failed: ${result.message}${full}`);
            }
          }
          return config.build.length === 0 ? 'no build steps' : `${config.build.length} build step${config.build.length === 1 ? '' : 's'} passed`;
        });
        await this.stage('release', async () => {
          if (staging === null) return `reusing ${releases.dirOf(commit)}`;
          const dir = releases.publish(staging, {
            sha: commit,
            author: this.view.author ?? '',
            subject: this.view.subject ?? '',
            builtAt: this.deps.clock.now(),
            deploy: this.view.id,
          });
          staging = null;
          return `released into ${dir}`;
        });
      } finally {
        if (staging !== null) fs.rmSync(staging, { recursive: true, force: true });
      }
      await this.stage('switch', async () => {
        releases.switchTo(commit);
        switched = true;
        this.update({ currentSha: commit });
        return `current → ${short(commit)} (was ${short(previous)})`;
      });
      await this.restartAndGate(commit);
      await this.stage('watch', () => this.watch());
      const removed = releases.prune(config.keep, [commit, previous]);
      this.deps.raiser.resolve({ alertname: ROLLED_BACK_ALERT, labels: { service } });
      this.deps.raiser.resolve({ alertname: FAILED_ALERT, labels: { service } });
      return this.finish(
        'succeeded',
        `deployed ${short(commit)} (${this.view.subject ?? ''})${removed.length > 0 ? `; removed ${removed.length} old release${removed.length === 1 ? '' : 's'}` : ''}`,
      );
    } catch (error) {
      const reason = errorWords(error);
      if (this.abort.signal.aborted) return this.finish('interrupted', `stopped: ${reason}`);
      if (!switched) {
        this.deps.raiser.raise({
          alertname: FAILED_ALERT,
          labels: { service, severity: 'warning' },
          annotations: { summary: `deploy of ${service} failed before the switch`, description: `${reason}; ${short(previous)} keeps running, untouched` },
        });
        return this.finish('failed', `${reason}; the running release (${short(previous)}) was not touched`);
      }
      return this.rollBack(previous, reason);
    }
  }

  /** A rollback by hand: switch to the release before the running one, restart, health gate. */
  async rollbackTo(target: string | null, reason: string): Promise<DeployView> {
    const current = this.deps.releases.current();
    this.update({ previousSha: current, currentSha: current, sha: target });
    if (target === null) return this.finish('failed', `no release before ${short(current)} to roll back to`);
    try {
      await this.stage('switch', async () => {
        this.deps.releases.switchTo(target);
        this.update({ currentSha: target });
        return `current → ${short(target)} (was ${short(current)})`;
      });
      await this.restartAndGate(target);
      return this.finish('succeeded', `rolled back to ${short(target)} (${reason})`);
    } catch (error) {
      return this.finish('failed', `rollback to ${short(target)} failed: ${errorWords(error)}`);
    }
  }

  private async restartAndGate(sha: string): Promise<void> {
    const service = this.view.service;
    let outcome: Awaited<ReturnType<RestartStrategy['restart']>> | null = null;
    await this.stage('restart', async () => {
      outcome = await this.deps.restart.restart(service, this.actor);
      if (!outcome.restarted) throw new StageFailure(`${service} did not start on ${short(sha)}: ${outcome.message}`);
      return outcome.message;
    });
    await this.stage('health', async () => {
      const result = outcome as unknown as Awaited<ReturnType<RestartStrategy['restart']>>;
      if (!result.healthy) throw new StageFailure(`health gate: ${result.message}`);
      return `${service} is ${this.deps.services.status(service) ?? 'up'} on ${short(sha)}`;
    });
  }

  /** Watches the service for the window: an alert for it that starts firing, or a crash, fails the deploy. */
  private watch(): Promise<string> {
    const { clock, config, services, alerts } = this.deps;
    const service = this.view.service;
    if (config.watch === 0) return Promise.resolve('no watch window');
    return new Promise<string>((resolve, reject) => {
      const stops: (() => void)[] = [];
      const end = (error: Error | null): void => {
        for (const stop of stops.splice(0)) stop();
        if (error === null) resolve(`no alert and no crash for ${formatDuration(config.watch)}`);
        else reject(error);
      };
      const timer = clock.setTimeout(() => end(null), config.watch);
      stops.push(() => timer.cancel());
      stops.push(
        alerts.onTransition((event) => {
          if (event.state === 'firing' && event.labels.service === service && event.alertname !== ROLLED_BACK_ALERT && event.alertname !== FAILED_ALERT)
            end(new StageFailure(`alert ${event.alertname} fired for ${service} in the watch window`));
        }),
      );
      stops.push(
        services.onStatus((name, status, reason) => {
          if (name === service && UNWELL.has(status))
            end(new StageFailure(`${service} became ${status} in the watch window${reason === null ? '' : `: ${reason}`}`));
        }),
      );
      const onAbort = (): void => end(new StageFailure('the watch was stopped'));
      this.abort.signal.addEventListener('abort', onAbort, { once: true });
      stops.push(() => this.abort.signal.removeEventListener('abort', onAbort));
    });
  }

  /** Switches back to the release that ran before, restarts it and checks it; raises the alert. */
  private async rollBack(previous: string | null, reason: string): Promise<DeployView> {
    const { releases, raiser } = this.deps;
    const service = this.view.service;
    const failedSha = this.view.sha;
    this.append(`\n--- rolling back: ${reason}\n`);
    let restored = '';
    await this.stage('rollback', async () => {
      if (previous === null) {
        releases.unlinkCurrent();
        await this.deps.services.run('stop', [service], this.actor);
        this.update({ currentSha: null });
        restored = `no release ran before ${short(failedSha)}: ${service} is stopped`;
        return restored;
      }
      releases.switchTo(previous);
      this.update({ currentSha: previous });
      const outcome = await this.deps.restart.restart(service, this.actor);
      restored = outcome.healthy ? `back on ${short(previous)}, healthy` : `back on ${short(previous)}, but not healthy: ${outcome.message}`;
      if (!outcome.healthy) throw new StageFailure(restored);
      return restored;
    }).catch(() => undefined);
    raiser.raise({
      alertname: ROLLED_BACK_ALERT,
      labels: { service, severity: 'critical' },
      annotations: { summary: `deploy of ${service} ${short(failedSha)} rolled back`, description: `${reason}; ${restored}` },
    });
    return this.finish('rolled_back', `${reason}; rolled back: ${restored}`);
  }

  private async stage(name: DeployStageName, work: () => Promise<string>): Promise<void> {
    const { clock } = this.deps;
    const stage = this.stageOf(name);
    stage.status = 'running';
    stage.startedAt = clock.now();
    this.append(`--- ${name}\n`);
    this.update({ stage: name, stages: this.stages });
    try {
      stage.message = await work();
      stage.status = 'done';
    } catch (error) {
      stage.message = errorWords(error);
      stage.status = 'failed';
      throw error;
    } finally {
      stage.finishedAt = clock.now();
      this.append(`${stage.message ?? ''}\n`);
      this.update({ stages: this.stages });
    }
  }

  private stageOf(name: DeployStageName): DeployStageView {
    let stage = this.stages.find((entry) => entry.name === name);
    if (stage === undefined) {
      stage = { name, status: 'pending', startedAt: null, finishedAt: null, message: null };
      this.stages.push(stage);
    }
    return stage;
  }

  private append(text: string): void {
    this.log = (this.log + text).slice(-KEEP_LOG_CHARS);
    // Output as it is written reaches the console in batches: one update per LOG_PUBLISH_MS at most.
    if (this.logFlush === null && this.view.outcome === 'running')
      this.logFlush = this.deps.clock.setTimeout(() => {
        this.logFlush = null;
        try {
          if (this.view.outcome === 'running') this.update({});
        } catch {
          // Only the log's early publication is lost: the stage's end writes it.
        }
      }, LOG_PUBLISH_MS);
  }

  private finish(outcome: DeployOutcome, message: string): DeployView {
    this.logFlush?.cancel();
    this.logFlush = null;
    for (const stage of this.stages) if (stage.status === 'pending') stage.status = 'skipped';
    this.update({ outcome, message, finishedAt: this.deps.clock.now(), stages: this.stages, stage: null });
    return this.view;
  }

  private update(update: Parameters<DeployStore['update']>[1]): void {
    this.deps.store.update(this.view.id, { ...update, log: this.log });
    this.view = this.deps.store.get(this.view.id) as DeployView;
    this.deps.emit(this.view);
  }
}
