import path from 'node:path';
import type { EventName, EventPayload } from '../shared/contract';
import type { HealthLevel } from '../shared/types/app';
import { healthLine } from './health-words';

/** What a desktop notification says. */
export interface Notice {
  title: string;
  body: string;
  urgency?: 'normal' | 'critical';
  /** What the 10-second gate counts by; the event name when absent. Alert notices are already grouped, so each has its own. */
  gateKey?: string;
}

/** Turns one engine event into a notice, or null when this occurrence is not worth one. */
export type NoticeRule<E extends EventName> = (payload: EventPayload<E>) => Notice | null;

/** Which events notify. To notify on another event, add one entry here. */
export type NoticeRules = { [E in EventName]?: NoticeRule<E> };

export function defaultNoticeRules(): NoticeRules {
  let lastLevel: HealthLevel | null = null;
  return {
    'workspace.invalid': (error) => {
      const first = error.issues[0];
      const where = first === undefined ? path.basename(error.file) : `${path.basename(first.file)}:${first.line}:${first.col}`;
      const what = first === undefined ? 'the file is invalid' : `${first.path === '' ? '' : `${first.path}: `}${first.message}`;
      const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
      return { title: 'Workspace edit rejected', body: `${where} ${what}${more}. The last good version keeps running.` };
    },
    // Only the turn to critical: staying critical, or recovering, is not news worth a popup.
    'health.changed': (health) => {
      const turnedCritical = health.level === 'critical' && lastLevel !== 'critical';
      lastLevel = health.level;
      return turnedCritical ? { title: 'Zervigo: critical', body: healthLine(health), urgency: 'critical' } : null;
    },
    // The desktop channel of a route: the router has grouped and deduplicated it already.
    'notification.desktop': (notice) => ({
      title: notice.title,
      body: notice.body,
      urgency: notice.severity === 'critical' ? 'critical' : 'normal',
      gateKey: notice.key,
    }),
  };
}
