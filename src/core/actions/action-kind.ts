import type { ActionKindSchema } from '../config/schema';
import type { ChannelNotifier } from '../lifecycle/ports';
import type { ServiceManager } from '../lifecycle/service-manager';
import type { AuditLog } from '../store/audit-log';

/**
 * What every action kind gets when its rule starts firing: the alert, the action's shared
 * settings, and the audit log its entry goes to. A kind from a plugin sees exactly this.
 */
export interface ActionFiring {
  /** The rule that fired; audit entries are written under `actor` ("rule:<name>"). */
  rule: string;
  actor: string;
  labels: Record<string, string>;
  value: number;
  /** The action's shared keys. With `dryRun`, the kind records what it would have done and does nothing. */
  settings: { shell: boolean; timeoutMs: number; dryRun: boolean };
  /** Fills {{ $labels.x }} and {{ $value }} from the alert. */
  expand(template: string): string;
  /** The details every audit entry of this firing carries (rule, labels, value). */
  details: Record<string, unknown>;
  /** The audit log: one entry per action, begun and finished, or recorded at once. */
  audit: Pick<AuditLog, 'record' | 'begin' | 'finish'>;
}

/** The narrow doors to the engine an action kind may ask for, each by name (`ActionKind<Options, 'services'>`). */
export interface ActionDoors {
  /** Service control: the names there are, one's supervisor, and start/stop as operations. */
  services: Pick<ServiceManager, 'names' | 'get' | 'run'>;
  /** Sends a message to channels of the workspace. */
  notifier: ChannelNotifier;
  /** The workspace's folder: where commands run. */
  cwd: string;
}

/**
 * An action kind: one object per kind, found in the action kind registry by the key a `then:` item
 * is written under. Built-ins implement it in actions/kinds/; plugins register entries of the same
 * shape. `run` does the action (or, with dryRun, only records it) and writes its audit entry; it
 * settles when the action is done, since a rule's actions run one after the other. `Needs` names
 * the doors `run` uses (none for a plugin's kind), so a kind declares what of the engine it touches.
 */
export interface ActionKind<Options = unknown, Needs extends keyof ActionDoors = keyof ActionDoors> extends ActionKindSchema<Options> {
  run(options: Options, context: ActionFiring & Pick<ActionDoors, Needs>): Promise<void>;
}
