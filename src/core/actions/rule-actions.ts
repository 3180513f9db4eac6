import { toArgv } from '../config/schema';
import type { Logger } from '../logger';
import type { AlertTransition, AlertTransitions, ChannelNotifier, RuleAction } from '../services/ports';
import type { ServiceManager } from '../services/service-manager';
import type { AuditLog } from '../store/audit-log';
import { runExec } from './exec-action';
import { expandTemplate } from './template';

export interface RuleActionsDeps {
  transitions: AlertTransitions;
  manager: ServiceManager;
  audit: AuditLog;
  notifier: ChannelNotifier;
  /** Where exec actions run: the workspace's folder. */
  cwd: () => string;
  logger: Logger;
}

type Kind = 'restart' | 'start' | 'stop' | 'exec' | 'notify';

function kindOf(action: RuleAction): Kind {
  return (['restart', 'start', 'stop', 'exec', 'notify'] as const).find((key) => action[key] !== undefined) as Kind;
}

/**
 * A rule's `then:` actions, run when its alert starts firing: restart/start/stop a service,
 * exec a command, notify channels; or, with dry_run, only recorded as what would have been done.
 * Each one is audited under the rule's name. Restarts count against the service's budget.
 */
export class RuleActions {
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: RuleActionsDeps) {
    this.unsubscribe = deps.transitions.subscribe((event) => {
      if (event.state !== 'firing') return;
      void this.runAll(event).catch((error: unknown) => deps.logger.error({ err: error, rule: event.rule }, 'a rule action failed'));
    });
  }

  stop(): void {
    this.unsubscribe();
  }

  /** Runs the actions one after the other, in the order written. */
  async runAll(event: AlertTransition): Promise<void> {
    for (const action of event.actions) await this.runOne(event, action);
  }

  private async runOne(event: AlertTransition, action: RuleAction): Promise<void> {
    const { audit, manager } = this.deps;
    const actor = `rule:${event.rule}`;
    const kind = kindOf(action);
    const expand = (text: string): string => expandTemplate(text, event.labels, event.value);
    const details = { rule: event.rule, labels: event.labels, value: event.value };

    if (kind === 'exec') {
      const split = toArgv(action.exec as string | string[], action.shell);
      // Templates fill argv words, never a shell string: a label's value cannot become shell syntax.
      const argv = split.ok ? (action.shell ? split.argv : split.argv.map(expand)) : [];
      const target = split.ok ? argv.join(' ') : String(action.exec);
      if (action.dry_run || !split.ok) {
        audit.record({
          actor,
          action: 'exec',
          target,
          outcome: split.ok ? 'dry_run' : 'failed',
          message: split.ok ? `would run: ${target}` : split.message,
          details,
        });
        return;
      }
      const id = audit.begin({ actor, action: 'exec', target, details });
      const env = { ZERVIGO_RULE: event.rule, ZERVIGO_VALUE: String(event.value), ZERVIGO_LABELS: JSON.stringify(event.labels) };
      const result = await runExec(argv, { cwd: this.deps.cwd(), env, timeoutMs: action.timeout });
      audit.finish(id, result.ok ? 'ok' : 'failed', result.message, { ...details, exitCode: result.code, output: result.output });
      return;
    }

    if (kind === 'notify') {
      const channels = Array.isArray(action.notify) ? action.notify : [action.notify as string];
      const target = channels.join(', ');
      if (action.dry_run) {
        audit.record({ actor, action: 'notify', target, outcome: 'dry_run', message: `would notify ${target}`, details });
        return;
      }
      const id = audit.begin({ actor, action: 'notify', target, details });
      const labels = Object.entries(event.labels)
        .map(([key, value]) => `${key}=${value}`)
        .join(', ');
      try {
        await this.deps.notifier.notify(channels, {
          title: `${event.rule} is firing`,
          body: `${event.rule} (value ${event.value})${labels ? ` — ${labels}` : ''}`,
          labels: event.labels,
        });
        audit.finish(id, 'ok', `sent to ${target}`);
      } catch (error) {
        audit.finish(id, 'failed', (error as Error).message);
      }
      return;
    }

    const service = expand(action[kind] as string);
    if (action.dry_run) {
      audit.record({ actor, action: kind, target: service, outcome: 'dry_run', message: `would ${kind} ${service}`, details });
      return;
    }
    if (!manager.names().includes(service)) {
      audit.record({
        actor,
        action: kind,
        target: service || '(empty)',
        outcome: 'failed',
        message: `no service "${service}" in the workspace (from "${action[kind]}")`,
        details,
      });
      return;
    }
    if (kind === 'restart') {
      const supervisor = manager.get(service);
      if (supervisor === undefined) {
        audit.record({
          actor,
          action: kind,
          target: service,
          outcome: 'refused',
          message: `${service} has no start command; Zervigo only watches it`,
          details,
        });
        return;
      }
      const id = audit.begin({ actor, action: 'restart', target: service, details });
      const outcome = await supervisor.restartForRule(event.rule);
      audit.finish(id, outcome.ok ? 'ok' : outcome.unchanged ? 'skipped' : 'failed', outcome.message);
      return;
    }
    // start and stop write their own audit entries, under the rule's name.
    await manager.run(kind, [service], actor);
  }
}
