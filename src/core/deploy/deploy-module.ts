import path from 'node:path';
import type { CallContext } from '../../shared/contract/define';
import { ZervigoError } from '../../shared/errors';
import type { DeployStageView, DeployTargetView, DeployView } from '../../shared/types/deploys';
import { every, type Clock, type TimerHandle } from '../clock';
import type { DeployConfig, WorkspaceConfig } from '../config/schema';
import type { Database } from '../store/database';
import type { AutomationLocks } from '../automation/automation-lock';
import type { AutomationPause } from '../automation/automation-pause';
import type { AlertFeed, AlertRaiser, AuditPort, ProcessRunner, ServiceControl } from '../automation/ports';
import { WebhookVerifier, type SignedCall } from '../automation/webhook-signature';
import { DEPLOY_STAGES, DeployRun, ROLLBACK_STAGES } from './deploy-run';
import { DeployStore } from './deploy-store';
import { Git, gitEnvironment, repoLocation, type GitAccess } from './git';
import { Releases } from './releases';
import { singleInstanceRestart } from './restart-strategy';

export interface DeployDeps {
  db: Database;
  clock: Clock;
  locks: AutomationLocks;
  pause: AutomationPause;
  audit: AuditPort;
  services: ServiceControl;
  alerts: AlertFeed;
  raiser: AlertRaiser;
  runProcess: ProcessRunner;
  /** Where a service's releases live: `<root>/<sha>` and the `current` symlink its cwd is under. */
  releaseRoot(service: string): string;
  /** Bare clones of the repositories, one per service. */
  cacheDir: string;
  env(name: string): string | undefined;
  emit(view: DeployView): void;
  onError(error: unknown, what: string): void;
}

export interface DeployWorkspace {
  config: Pick<WorkspaceConfig, 'services' | 'environments'>;
  environment: string | null;
  dir: string;
}

const pendingStages = (names: readonly string[]): DeployStageView[] =>
  names.map((name) => ({ name: name as DeployStageView['name'], status: 'pending', startedAt: null, finishedAt: null, message: null }));

/**
 * Deploys of the services that have `deploy:`: one at a time per service (a second is refused,
 * naming the first; a lock in SQLite holds across engines), started by a person, by polling the
 * branch or by a signed webhook; rollbacks by hand. Each is audited and published stage by stage.
 */
export class DeployModule {
  readonly store: DeployStore;
  private readonly running = new Map<string, { run: DeployRun; done: Promise<DeployView> }>();
  private readonly verifier: WebhookVerifier;
  private workspace: DeployWorkspace | null = null;
  private pollers = new Map<string, TimerHandle>();
  private stopped = false;

  constructor(private readonly deps: DeployDeps) {
    this.store = new DeployStore(deps.db);
    this.store.markInterrupted(deps.clock.now());
    this.verifier = new WebhookVerifier(() => deps.clock.now());
  }

  apply(workspace: DeployWorkspace): void {
    this.workspace = workspace;
    for (const timer of this.pollers.values()) timer.cancel();
    this.pollers = new Map();
    for (const [service, config] of this.targets()) {
      new Releases(this.deps.releaseRoot(service)).removeStaging();
      if (config.trigger === 'poll')
        this.pollers.set(
          service,
          every(this.deps.clock, config.poll_every, () => void this.poll(service)),
        );
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.pollers.values()) timer.cancel();
    const all = [...this.running.values()];
    for (const entry of all) entry.run.cancel();
    await Promise.all(all.map((entry) => entry.done.catch(() => undefined)));
  }

  /** Services that were deployed, with the commits they run: changes the assistant ranks causes by. */
  recent(limit: number): DeployView[] {
    return this.store.list(undefined, limit);
  }

  /** Starts a deploy (or a rollback); a second at once for the same service is refused, recorded. */
  launch(service: string, options: { kind: 'deploy' | 'rollback'; ref?: string; actor: string }): { view: DeployView; done: Promise<DeployView> } {
    const config = this.config(service);
    const { clock, audit } = this.deps;
    const releases = new Releases(this.deps.releaseRoot(service));
    const ref = options.ref ?? config.tag ?? config.branch ?? 'main';
    const stages = pendingStages(options.kind === 'deploy' ? DEPLOY_STAGES : ROLLBACK_STAGES);
    const lockKey = `deploy:${service}`;
    const busy = this.running.get(service);
    const holder = busy === undefined ? this.deps.locks.heldBy(lockKey) : busy.run.id;
    if (this.stopped || holder !== null) {
      const message = this.stopped
        ? 'Zervigo is stopping'
        : `deploy #${holder} of ${service} is still running; wait for it to finish (one deploy per service at a time)`;
      const view = this.store.create({
        service,
        kind: options.kind,
        ref,
        startedBy: options.actor,
        startedAt: clock.now(),
        stages,
        outcome: 'refused',
        message,
        currentSha: releases.current(),
      });
      this.store.update(view.id, {
        auditId: audit.record({ actor: options.actor, action: options.kind, target: service, outcome: 'refused', message, details: { deploy: view.id, ref } }),
      });
      const refused = this.store.get(view.id) as DeployView;
      this.deps.emit(refused);
      return { view: refused, done: Promise.resolve(refused) };
    }
    const created = this.store.create({
      service,
      kind: options.kind,
      ref,
      startedBy: options.actor,
      startedAt: clock.now(),
      stages,
      currentSha: releases.current(),
    });
    this.deps.locks.acquire(lockKey, created.id);
    const auditId = audit.begin({ actor: options.actor, action: options.kind, target: service, details: { deploy: created.id, ref } });
    this.store.update(created.id, { auditId });
    const run = new DeployRun(
      this.store.get(created.id) as DeployView,
      {
        clock,
        store: this.store,
        releases,
        git: (log) => new Git(this.deps.runProcess, path.join(this.deps.cacheDir, `${service}.git`), log),
        access: this.access(config),
        config,
        cwd: this.workspace?.dir ?? process.cwd(),
        runProcess: this.deps.runProcess,
        services: this.deps.services,
        alerts: this.deps.alerts,
        raiser: this.deps.raiser,
        restart: singleInstanceRestart(this.deps.services),
        emit: (view) => this.deps.emit(view),
      },
      options.actor,
    );
    const done = (async (): Promise<DeployView> => {
      try {
        if (options.kind === 'deploy') return await run.deploy(ref);
        const current = releases.current();
        const target = current === null ? null : this.lastGoodBefore(service, current, releases);
        return await run.rollbackTo(target, `rolled back by ${options.actor}`);
      } catch (error) {
        this.deps.onError(error, `${options.kind} of ${service}`);
        throw error;
      } finally {
        this.running.delete(service);
        this.deps.locks.release(lockKey, created.id);
        const end = this.store.get(created.id) as DeployView;
        audit.finish(auditId, end.outcome === 'succeeded' ? 'ok' : end.outcome === 'interrupted' ? 'interrupted' : 'failed', end.message, {
          deploy: end.id,
          sha: end.sha,
          previous: end.previousSha,
          current: end.currentSha,
        });
      }
    })();
    this.running.set(service, { run, done });
    return { view: run.current(), done };
  }

  /** The release a rollback goes back to: the newest one deployed successfully that is not running now (a broken release stays kept, but is never the target). */
  private lastGoodBefore(service: string, current: string, releases: Releases): string | null {
    const good = this.store
      .list(service, 1000)
      .find(
        (deploy) =>
          deploy.kind === 'deploy' &&
          deploy.outcome === 'succeeded' &&
          deploy.sha !== null &&
          deploy.sha !== current &&
          releases.existing(deploy.sha) === 'release',
      );
    return good?.sha ?? releases.before(current)?.sha ?? null;
  }

  /** Polling: a new commit on the branch (not the one running, not the one that just failed) is deployed. */
  private async poll(service: string): Promise<void> {
    if (this.deps.pause.isPaused() || this.running.has(service) || this.stopped) return;
    try {
      const config = this.config(service);
      const git = new Git(this.deps.runProcess, path.join(this.deps.cacheDir, `${service}.git`), () => undefined);
      const head = await git.remoteHead(config.tag ?? config.branch ?? 'main', this.access(config));
      if (head === null || head === new Releases(this.deps.releaseRoot(service)).current() || head === this.store.lastFailedSha(service)) return;
      void this.launch(service, { kind: 'deploy', actor: 'poll' }).done.catch(() => undefined);
    } catch (error) {
      this.deps.onError(error, `polling ${service}'s repository`);
    }
  }

  private access(config: DeployConfig): GitAccess {
    const token = config.token_env === undefined ? undefined : this.deps.env(config.token_env);
    const sshKey = config.ssh_key === undefined ? undefined : path.resolve(this.workspace?.dir ?? process.cwd(), config.ssh_key);
    return { url: repoLocation(config.repo, this.workspace?.dir ?? process.cwd()), env: gitEnvironment({ token, sshKey }), timeoutMs: config.fetch_timeout };
  }

  private targets(): [string, DeployConfig][] {
    return Object.entries(this.workspace?.config.services ?? {}).flatMap(([name, service]) =>
      service.deploy === undefined ? [] : [[name, service.deploy] as [string, DeployConfig]],
    );
  }

  /** A service's deploy: settings; refused, saying what to add, when it has none. */
  config(service: string): DeployConfig {
    const found = this.workspace?.config.services[service];
    if (found === undefined) throw new ZervigoError('not_found', `no service "${service}" in the workspace`);
    if (found.deploy === undefined)
      throw new ZervigoError('invalid_input', `${service} has no deploy: (add deploy: { repo: …, branch: … } to it in the workspace file)`);
    return found.deploy;
  }

  /** In a confirm_destructive environment, a person's deploy or rollback needs "confirm": true (refused and audited otherwise). */
  confirm(service: string, what: string, confirm: boolean, context: CallContext): void {
    const environment = this.workspace?.environment ?? null;
    if (environment === null || this.workspace?.config.environments[environment]?.confirm_destructive !== true) return;
    if (confirm || context.transport === 'internal') return;
    const message = `${environment} asks for confirmation before ${what} ${service}: send "confirm": true (the console asks)`;
    this.deps.audit.record({ actor: context.actor, action: what === 'deploying' ? 'deploy' : 'rollback', target: service, outcome: 'refused', message });
    throw new ZervigoError('confirmation_required', message, { environment, service });
  }

  /** Every service with deploy:, its releases and its running or last deploy. */
  targetViews(): DeployTargetView[] {
    return this.targets().map(([service, config]) => this.targetView(service, config));
  }

  /** A signed post-receive webhook: verified against the service's secret, then a deploy of its branch (not while automation is paused). */
  webhook(input: SignedCall & { service: string }): DeployView {
    const config = this.config(input.service);
    if (config.trigger !== 'webhook' || config.webhook_secret_env === undefined)
      throw new ZervigoError('not_found', `${input.service} is not deployed by webhook (deploy: { trigger: webhook, webhook_secret_env: NAME })`);
    const secret = this.deps.env(config.webhook_secret_env);
    if (secret === undefined || secret === '') throw new ZervigoError('unavailable', `the webhook secret variable ${config.webhook_secret_env} is not set`);
    const problem = this.verifier.check(secret, input);
    if (problem !== null) {
      this.deps.audit.record({ actor: 'webhook', action: 'deploy', target: input.service, outcome: 'refused', message: problem });
      throw new ZervigoError('unauthorized', problem);
    }
    if (this.deps.pause.isPaused()) {
      const message = 'automation is paused: a webhook does not start a deploy';
      this.deps.audit.record({ actor: 'webhook', action: 'deploy', target: input.service, outcome: 'skipped', message });
      throw new ZervigoError('conflict', message);
    }
    return this.launch(input.service, { kind: 'deploy', actor: 'webhook' }).view;
  }

  private targetView(service: string, config: DeployConfig): DeployTargetView {
    const releases = new Releases(this.deps.releaseRoot(service));
    const current = releases.current();
    const [last] = this.store.list(service, 1);
    return {
      service,
      repo: config.repo,
      ref: config.tag ?? config.branch ?? 'main',
      trigger: config.trigger,
      currentSha: current,
      releases: releases.list().map((release) => ({ sha: release.sha, createdAt: release.builtAt, current: release.sha === current })),
      running: this.running.get(service)?.run.current() ?? null,
      last: last ?? null,
    };
  }
}
