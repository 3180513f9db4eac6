import type { Logger } from '../logger';
import type { AlertTransition, AlertTransitions, ChannelNotifier, RuleAction } from '../services/ports';
import type { ServiceManager } from '../services/service-manager';
import type { AuditLog } from '../store/audit-log';
import { createActionKindRegistry, type ActionKindRegistry } from './action-kinds';
import { expandTemplate } from './template';

export interface RuleActionsDeps {
  transitions: AlertTransitions;
  manager: ServiceManager;
  audit: AuditLog;
  notifier: ChannelNotifier;
  /** Where exec actions run: the workspace's folder. */
  cwd: () => string;
  logger: Logger;
  /** The action kinds (default: the built-ins); the engine passes the registry plugins add to. */
  actionKinds?: ActionKindRegistry;
}

/**
 * A rule's `then:` actions, run when its alert starts firing: restart/start/stop a service,
 * exec a command, notify channels; or, with dry_run, only recorded as what would have been done.
 * Each one is audited under the rule's name. Restarts count against the service's budget.
 */
export class RuleActions {
  private readonly unsubscribe: () => void;
  private readonly actionKinds: ActionKindRegistry;

  constructor(private readonly deps: RuleActionsDeps) {
    this.actionKinds = deps.actionKinds ?? createActionKindRegistry();
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
    const kind = this.actionKinds.require(action.kind);
    await kind.run(action[action.kind], {
      rule: event.rule,
      actor: `rule:${event.rule}`,
      labels: event.labels,
      value: event.value,
      settings: { shell: action.shell, timeoutMs: action.timeout, dryRun: action.dry_run },
      expand: (text) => expandTemplate(text, event.labels, event.value),
      details: { rule: event.rule, labels: event.labels, value: event.value },
      audit: this.deps.audit,
      services: this.deps.manager,
      notifier: this.deps.notifier,
      cwd: this.deps.cwd(),
    });
  }
}
