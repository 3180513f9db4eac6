import path from 'node:path';
import type { operateCommands } from '../../shared/contract/operate';
import type { sessionCommands } from '../../shared/contract/sessions';
import type { CallContext, HandlersOf } from '../../shared/contract/define';
import { ZervigoError } from '../../shared/errors';
import type { OperationAction } from '../../shared/types/operate';
import { AuditLog } from '../store/audit-log';
import { RuleActions } from '../actions/rule-actions';
import type { Clock } from '../clock';
import type { ActiveWorkspace } from '../config/active-workspace';
import type { EventBus } from '../event-bus';
import type { Logger } from '../logger';
import { inProcessPtyBackend } from '../sessions/pty-host';
import type { PtyBackend } from '../sessions/pty-protocol';
import { SessionControl } from '../sessions/session-control';
import { TerminalManager } from '../sessions/terminal-manager';
import { TmuxClient } from '../sessions/tmux-client';
import { TmuxRunner } from '../sessions/tmux-runner';
import { TmuxWatcher, type TmuxSnapshot } from '../sessions/tmux-watcher';
import type { Database } from '../store/database';
import { findRunning } from '../process/adoption';
import { serviceLogDir, tailLines } from '../process/log-file';
import type { ServicesPorts } from '../lifecycle/ports';
import { processGroupOf } from '../process/process-group';
import { maskVariable } from '../lifecycle/secret-env';
import { ProcessRunner } from '../process/process-runner';
import { CpuMeter, sampleGroups } from '../process/process-stats';
import type { ServiceCatalog } from '../lifecycle/service-catalog';
import { ServiceManager } from '../lifecycle/service-manager';
import { workspaceDir } from '../lifecycle/service-spec';
import { releaseRoot } from '../lifecycle/release-root';
import type { ActionKindRegistry } from '../actions/action-kinds';

export interface ServicesOptions {
  /** Replaces some of the doors to monitoring, alerting and logs (tests drive them by hand). */
  ports?: Partial<ServicesPorts>;
  /** Where terminals' ptys run: this process unless the shell provides another (desktop: a utility process). */
  ptyBackend?: PtyBackend;
  /** The tmux program (tests point it elsewhere to see a missing tmux handled). */
  tmuxBinary?: string;
  /** How often CPU and memory of running services are sampled. */
  statsEveryMs?: number;
}

export interface ServicesDeps {
  db: Database;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  catalog: ServiceCatalog;
  dataDir: string;
  workspace: () => ActiveWorkspace;
  saveWorkspace: (content: string) => void;
  /** Monitoring, alerting and logs, as the engine wires them. */
  ports: ServicesPorts;
  /** The action kinds rules' `then:` items run by (default: the built-ins). */
  actionKinds?: ActionKindRegistry;
  /** Who paused automation, while it is paused: rules' `then:` items are held back then. */
  automationPausedBy?: () => { by: string | null } | undefined;
  /** A replicated service was scaled: its replicas' probes follow (the engine re-applies monitoring). */
  onReplicaCount?: (service: string) => void;
}

export type ServicesHandlers = HandlersOf<typeof operateCommands> & HandlersOf<typeof sessionCommands>;

export interface ServicesModule {
  handlers: ServicesHandlers;
  audit: AuditLog;
  manager: ServiceManager;
  terminals: TerminalManager;
  apply(active: ActiveWorkspace): void;
  stop(): Promise<void>;
}

/**
 * Service control, self-healing, rule actions, the audit log, tmux and terminals, wired together
 * and to the engine: the engine calls `apply` with each workspace, merges `handlers`, and `stop`s it.
 */
export function createServicesModule(deps: ServicesDeps, options: ServicesOptions = {}): ServicesModule {
  const ports: ServicesPorts = { ...deps.ports, ...options.ports };
  const { bus, clock, logger } = deps;
  const audit = new AuditLog(
    deps.db,
    () => clock.now(),
    (entry) => bus.emit('audit.changed', entry),
  );
  audit.markInterrupted();
  const logDir = serviceLogDir(deps.dataDir);

  const processRunner = new ProcessRunner({ logDir, output: ports.output, now: () => clock.now() });
  // The watcher lists tmux on every hook and reconcile pass; clients hear only of real changes.
  let lastSessions = '';
  const sessionsChanged = (snapshot: TmuxSnapshot): void => {
    const view = sessions.view(snapshot.sessions);
    const text = JSON.stringify(view);
    if (text === lastSessions) return;
    lastSessions = text;
    bus.emit('sessions.changed', view);
  };
  // One tmux server per workspace (tmux.socket); a change of server swaps client, watcher and runner.
  let socket: string | null = null;
  let tmux = new TmuxClient({ socket, binary: options.tmuxBinary });
  let watcher = new TmuxWatcher(tmux);
  let tmuxRunner = new TmuxRunner({ client: tmux, watcher, logDir, output: ports.output, now: () => clock.now() });
  watcher.onChange(sessionsChanged);
  const useTmuxServer = (wanted: string | null): void => {
    if (wanted === socket) return;
    // Services already running on the old server keep their handles until they end.
    watcher.stop();
    socket = wanted;
    tmux = new TmuxClient({ socket, binary: options.tmuxBinary });
    watcher = new TmuxWatcher(tmux);
    tmuxRunner = new TmuxRunner({ client: tmux, watcher, logDir, output: ports.output, now: () => clock.now() });
    watcher.onChange(sessionsChanged);
  };

  const manager = new ServiceManager({
    clock,
    logger,
    audit,
    catalog: deps.catalog,
    probeHealth: ports.probeHealth,
    escalation: ports.escalation,
    runnerFor: (spec) => (spec.tmux === null ? processRunner : tmuxRunner),
    findRunning: (spec) => findRunning(spec, () => clock.now()),
    emitProgress: (progress) => bus.emit('operations.progress', progress),
    emitFinished: (result) => bus.emit('operations.finished', result),
    releaseRoot: (service) => releaseRoot(deps.dataDir, service),
    ...(deps.onReplicaCount === undefined ? {} : { onReplicaCount: deps.onReplicaCount }),
  });
  const ruleActions = new RuleActions({
    transitions: ports.transitions,
    manager,
    audit,
    notifier: ports.notifier,
    cwd: () => workspaceDir(deps.workspace()),
    logger,
    ...(deps.actionKinds === undefined ? {} : { actionKinds: deps.actionKinds }),
    ...(deps.automationPausedBy === undefined ? {} : { pausedBy: deps.automationPausedBy }),
  });
  const sessions = new SessionControl({
    tmux: () => tmux,
    watcher: () => watcher,
    manager,
    audit,
    workspace: deps.workspace,
    saveWorkspace: deps.saveWorkspace,
    logger,
  });
  const ptyBackend = options.ptyBackend ?? inProcessPtyBackend();
  const terminals = new TerminalManager({
    backend: ptyBackend,
    tmux: () => tmux,
    cwd: () => workspaceDir(deps.workspace()),
    emitOutput: (output) => bus.emit('terminal.output', output),
    emitExited: (info) => bus.emit('terminal.exited', info),
  });

  const cpu = new CpuMeter();
  const sampleUsage = (): void => {
    const groups = new Map<string, number>();
    for (const name of manager.managedNames()) {
      const pid = manager.get(name)?.pid ?? null;
      const pgid = pid === null ? null : (processGroupOf(pid) ?? pid);
      if (pgid !== null) groups.set(name, pgid);
    }
    if (groups.size === 0) return;
    const usage = sampleGroups(new Set(groups.values()));
    const now = clock.now();
    for (const [name, pgid] of groups) {
      const figures = usage.get(pgid);
      const percent = figures === undefined ? null : cpu.percent(pgid, now, figures.cpuSeconds);
      manager.get(name)?.setUsage(percent, figures?.rssBytes ?? null);
      if (figures !== undefined) ports.usage.record(name, now, percent, figures.rssBytes);
    }
    cpu.forget(new Set(groups.values()));
  };
  const statsTimer = setInterval(sampleUsage, options.statsEveryMs ?? 2_000);
  statsTimer.unref();

  const environmentAsks = (): string | null => {
    const active = deps.workspace();
    const environment = active.environment;
    return environment !== null && active.config.environments[environment]?.confirm_destructive === true ? environment : null;
  };

  /** In a confirm_destructive environment, stop and restart from a person need "confirm": true. */
  const confirmDestructive = (action: OperationAction, services: string[], confirm: boolean, context: CallContext): void => {
    const environment = environmentAsks();
    if (environment === null || confirm || context.transport === 'internal' || action === 'start') return;
    const targets = services.length === 0 ? 'all services' : services.join(', ');
    const message = `${environment} asks for confirmation before ${action === 'stop' ? 'stopping' : 'restarting'} ${targets}: send "confirm": true (the console asks)`;
    audit.record({ actor: context.actor, action, target: services.length === 0 ? '(all)' : services.join(', '), outcome: 'refused', message });
    throw new ZervigoError('confirmation_required', message, { environment, action, services });
  };

  const operate = async (action: OperationAction, input: { services: string[]; confirm: boolean; operation?: string }, context: CallContext) => {
    confirmDestructive(action, input.services, input.confirm, context);
    return manager.run(action, input.services, context.actor, input.operation);
  };

  const serviceView = (name: string) => {
    const view = deps.catalog.list().find((service) => service.name === name);
    if (view === undefined) throw new ZervigoError('not_found', `no service "${name}" in the workspace`);
    return view;
  };

  const handlers: ServicesHandlers = {
    'services.start': (input, context) => operate('start', input, context),
    'services.stop': (input, context) => operate('stop', input, context),
    'services.restart': (input, context) => operate('restart', input, context),
    'services.reset': async (input, context) => manager.reset(input.services, context.actor, input.operation),
    'services.plan': async (input) => manager.plan(input.services),
    'services.get': async (input) => serviceView(input.service),
    'services.output': async (input) => {
      const view = serviceView(input.service);
      const file = view.runtime?.logFile ?? (view.runtime === null ? null : path.join(logDir, `${input.service}.log`));
      return { file, lines: file === null ? [] : tailLines(file, input.lines) };
    },
    'services.env': async (input) => {
      const view = serviceView(input.service);
      const env = deps.workspace().config.services[input.service]?.env ?? {};
      const inherits =
        view.runner === 'tmux'
          ? "the tmux server's environment"
          : view.runner === 'process'
            ? "Zervigo's own environment"
            : 'nothing: Zervigo does not start it';
      return { service: input.service, variables: Object.entries(env).map(([name, value]) => maskVariable(name, value)), inherits };
    },
    'services.revealEnv': async (input, context) => {
      serviceView(input.service);
      const env = deps.workspace().config.services[input.service]?.env ?? {};
      const missing = input.names.filter((name) => !Object.hasOwn(env, name));
      if (missing.length > 0) throw new ZervigoError('not_found', `${input.service} has no variable ${missing.join(', ')} in its env`);
      // Who saw which secret is worth knowing later; the values themselves never go to the log.
      audit.record({ actor: context.actor, action: 'reveal_env', target: input.service, outcome: 'ok', message: `revealed ${input.names.join(', ')}` });
      return input.names.map((name) => ({ name, value: env[name] as string, masked: false }));
    },
    'audit.list': async (input) => audit.list(input),
    'audit.get': async (input) => {
      const entry = audit.get(input.id);
      if (entry === undefined) throw new ZervigoError('not_found', `no audit entry ${input.id}`);
      return entry;
    },
    'sessions.list': async () => sessions.list(),
    'sessions.up': async (input, context) => sessions.up(input.layout, context.actor),
    'sessions.kill': async (input, context) => {
      await sessions.kill(input.target, context.actor);
      return null;
    },
    'sessions.rename': async (input, context) => {
      await sessions.rename(input.target, input.name, context.actor);
      return null;
    },
    'sessions.sendKeys': async (input, context) => {
      await sessions.sendKeys(input.target, input.keys, input.enter, context.actor);
      return null;
    },
    'sessions.capture': async (input) => ({ text: await sessions.capture(input.target, input.lines) }),
    'sessions.respawn': async (input, context) => {
      await sessions.respawn(input.target, context.actor);
      return null;
    },
    'sessions.import': async (input, context) => sessions.import(input.file, input.name, input.apply, context.actor),
    'terminal.open': async (input, context) => {
      const info = terminals.open(input.target, input.cols, input.rows);
      audit.record({
        actor: context.actor,
        action: 'terminal.open',
        target: info.title,
        outcome: 'ok',
        message: input.target.kind === 'tmux' ? 'attached to tmux' : 'shell',
      });
      return info;
    },
    'terminal.input': async (input) => {
      terminals.input(input.id, input.data);
      return null;
    },
    'terminal.resize': async (input) => {
      terminals.resize(input.id, input.cols, input.rows);
      return null;
    },
    'terminal.ack': async (input) => {
      terminals.ack(input.id, input.chars);
      return null;
    },
    'terminal.close': async (input) => {
      terminals.close(input.id);
      return null;
    },
    'terminal.list': async () => terminals.list(),
  };

  return {
    handlers,
    audit,
    manager,
    terminals,
    apply(active) {
      useTmuxServer(active.config.tmux.socket ?? null);
      void manager.apply(active).catch((error: unknown) => logger.error({ err: error }, 'applying the workspace to the services failed'));
    },
    async stop() {
      clearInterval(statsTimer);
      ruleActions.stop();
      terminals.dispose();
      ptyBackend.dispose();
      await manager.dispose();
      watcher.stop();
    },
  };
}
