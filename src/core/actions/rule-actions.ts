import type { Logger } from '../logger';
import type { AlertTransition, AlertTransitions, ChannelNotifier, RuleAction } from '../lifecycle/ports';
import type { ServiceManager } from '../lifecycle/service-manager';
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
  /** While automation is paused: who paused it (null when unknown); undefined while it runs. */
  pausedBy?: () => { by: string | null } | undefined;
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

  /**
   * Runs the actions one after the other, in the order written. While automation is paused each is
   * held back instead, and audited as such, so the operator sees what the pause kept from running.
   */
  async runAll(event: AlertTransition): Promise<void> {
    const paused = this.deps.pausedBy?.();
    if (paused !== undefined) {
      for (const action of event.actions) this.holdBack(event, action, paused.by);
      return;
    }
    for (const action of event.actions) await this.runOne(event, action);
  }

  private holdBack(event: AlertTransition, action: RuleAction, by: string | null): void {
    const kind = this.actionKinds.require(action.kind);
    this.deps.audit.record({
      actor: `rule:${event.rule}`,
      action: action.kind,
      target: expandTemplate(kind.describe(action[action.kind]), event.labels, event.value),
      outcome: 'skipped',
      message: `held back: automation is paused${by === null ? '' : ` by ${by}`}`,
      details: { rule: event.rule, labels: event.labels, value: event.value },
    });
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
