import type { Permission } from '../../shared/auth/permissions';
import { ZervigoError } from '../../shared/errors';
import type { WorkspaceQuotas } from '../../shared/types/hosted-workspaces';
import type { Clock } from '../clock';

/** The permissions of commands that change something: what a workspace's actions-per-minute quota counts. */
const ACTION_PERMISSIONS: ReadonlySet<Permission> = new Set(['operate', 'configure', 'shell', 'people']);

export function isAction(permission: Permission): boolean {
  return ACTION_PERMISSIONS.has(permission);
}

const WINDOW_MS = 60_000;

/**
 * A workspace's actions-per-minute quota: a sliding minute over the times of the actions admitted
 * (the engine's own calls are not counted). One over the rate is refused with 429 naming the quota
 * and when the next one fits.
 */
export class ActionQuota {
  private readonly admitted: number[] = [];

  constructor(
    private readonly perMinute: number,
    private readonly workspace: string,
    private readonly now: () => number,
  ) {}

  /** Counts one action, or throws too_many_requests when the minute is full. */
  admit(command: string): void {
    const now = this.now();
    while (this.admitted.length > 0 && (this.admitted[0] as number) <= now - WINDOW_MS) this.admitted.shift();
    if (this.admitted.length >= this.perMinute) {
      const waitSeconds = Math.max(1, Math.ceil(((this.admitted[0] as number) + WINDOW_MS - now) / 1000));
      throw new ZervigoError(
        'too_many_requests',
        `${command} refused: workspace ${this.workspace} is over its quota actions_per_minute (${this.perMinute}); try again in ${waitSeconds} s`,
        { quota: 'actions_per_minute', limit: this.perMinute, retryAfterSeconds: waitSeconds },
      );
    }
    this.admitted.push(now);
  }
}

/** The quota of a workspace whose admin set actions_per_minute; null where none is set. */
export function actionQuotaOf(quotas: WorkspaceQuotas | undefined, workspace: string, clock: Clock): ActionQuota | null {
  return quotas?.actionsPerMinute === undefined ? null : new ActionQuota(quotas.actionsPerMinute, workspace, () => clock.now());
}
