import type { DispatchHooks } from '../dispatch';
import type { AuditLog } from '../store/audit-log';
import { isAction, type ActionQuota } from './action-quota';

/**
 * The dispatcher's hooks of a workspace: a caller refused for want of a permission is audited, and
 * people's actions are admitted against the workspace's actions-per-minute quota (none: null); a
 * refusal of the quota is audited too. The engine's own calls (automation, look-ups) are not the
 * people's actions the quota is about.
 */
export function auditedAdmission(audit: Pick<AuditLog, 'record'>, quota: ActionQuota | null): DispatchHooks {
  return {
    onForbidden: (name, context, error) => audit.record({ actor: context.actor, action: name, target: name, outcome: 'refused', message: error.message }),
    admit: (name, permission, context) => {
      if (quota === null || context.transport === 'internal' || !isAction(permission)) return;
      try {
        quota.admit(name);
      } catch (error) {
        audit.record({ actor: context.actor, action: name, target: name, outcome: 'refused', message: (error as Error).message });
        throw error;
      }
    },
  };
}
