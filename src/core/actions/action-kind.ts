import type { ActionKindSchema } from '../config/schema';
import type { ChannelNotifier } from '../services/ports';
import type { ServiceManager } from '../services/service-manager';
import type { AuditLog } from '../store/audit-log';

/**
 * What an action kind gets when its rule starts firing: the alert, the action's shared settings,
 * and narrow doors to what actions may touch. Kept small on purpose: a kind from a plugin sees
 * exactly this, no engine part.
 */
export interface ActionContext {
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
 * settles when the action is done, since a rule's actions run one after the other.
 */
export interface ActionKind<Options = unknown> extends ActionKindSchema<Options> {
  run(options: Options, context: ActionContext): Promise<void>;
}
