import path from 'node:path';
import type { operateCommands, serviceCommands } from '../../shared/contract/services';
import type { sessionCommands } from '../../shared/contract/sessions';
import type { CallContext, HandlersOf } from '../../shared/contract/define';
import { ZervigoError } from '../../shared/errors';
import { replicaId } from '../../shared/replica-id';
import type { OperationAction } from '../../shared/types/operate';
import type { ActiveWorkspace } from '../config/active-workspace';
import type { ServiceCatalog } from '../lifecycle/service-catalog';
import type { ServiceManager } from '../lifecycle/service-manager';
import { maskVariable } from '../lifecycle/secret-env';
import { tailLines } from '../process/log-file';
import type { SessionControl } from '../sessions/session-control';
import type { TerminalManager } from '../sessions/terminal-manager';
import type { AuditLog } from '../store/audit-log';

export function serviceHandlers(catalog: ServiceCatalog): HandlersOf<typeof serviceCommands> {
  return {
    'services.list': async () => catalog.list(),
  };
}

export type ServicesHandlers = HandlersOf<typeof operateCommands> & HandlersOf<typeof sessionCommands>;

export interface ServicesHandlerDeps {
  catalog: ServiceCatalog;
  manager: ServiceManager;
  sessions: SessionControl;
  terminals: TerminalManager;
  audit: AuditLog;
  workspace: () => ActiveWorkspace;
  /** Where services' captured output is written (<data>/services). */
  logDir: string;
}

/** Service control, the audit log's commands, tmux sessions and terminals. */
export function servicesHandlers(deps: ServicesHandlerDeps): ServicesHandlers {
  const { manager, sessions, terminals, audit } = deps;

  const environmentAsks = (): string | null => {
    const active = deps.workspace();
    const environment = active.environment;
    return environment !== null && active.config.environments[environment]?.confirm_destructive === true ? environment : null;
  };

  /** In a confirm_destructive environment, stop, restart and scaling down from a person need "confirm": true. */
  const confirmDestructive = (action: OperationAction | 'scale', services: string[], confirm: boolean, context: CallContext): void => {
    const environment = environmentAsks();
    if (environment === null || confirm || context.transport === 'internal' || action === 'start') return;
    const targets = services.length === 0 ? 'all services' : services.join(', ');
    const doing = action === 'stop' ? 'stopping' : action === 'scale' ? 'scaling down' : 'restarting';
    const message = `${environment} asks for confirmation before ${doing} ${targets}: send "confirm": true (the console asks)`;
    audit.record({ actor: context.actor, action, target: services.length === 0 ? '(all)' : services.join(', '), outcome: 'refused', message });
    throw new ZervigoError('confirmation_required', message, { environment, action, services });
  };

  /** A refusal a person can act on (not replicated, outside min..max, no such replica) is audited as theirs, then answered. */
  const auditedRefusal = async <T>(action: string, target: string, context: CallContext, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      // A confirmation asked for is audited where it is asked.
      if (error instanceof ZervigoError && error.code !== 'confirmation_required')
        audit.record({ actor: context.actor, action, target, outcome: 'refused', message: error.message });
      throw error;
    }
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

  return {
    'services.start': (input, context) => operate('start', input, context),
    'services.stop': (input, context) => operate('stop', input, context),
    'services.restart': (input, context) => operate('restart', input, context),
    'services.reset': async (input, context) => manager.reset(input.services, context.actor, input.operation),
    'services.scale': (input, context) =>
      auditedRefusal('scale', input.service, context, async () => {
        if (input.replicas < manager.replicaCount(input.service)) confirmDestructive('scale', [input.service], input.confirm, context);
        return manager.scale(input.service, input.replicas, context.actor, input.reason ?? `scaled by ${context.actor}`);
      }),
    'services.restartReplica': (input, context) =>
      auditedRefusal('restart', replicaId(input.service, input.replica), context, async () => {
        confirmDestructive('restart', [replicaId(input.service, input.replica)], input.confirm, context);
        return manager.restartReplica(input.service, input.replica, context.actor);
      }),
    'services.plan': async (input) => manager.plan(input.services),
    'services.get': async (input) => serviceView(input.service),
    'services.output': async (input) => {
      const view = serviceView(input.service);
      const file = view.runtime?.logFile ?? (view.runtime === null ? null : path.join(deps.logDir, `${input.service}.log`));
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
}
