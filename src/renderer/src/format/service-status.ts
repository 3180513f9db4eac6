import type { ServiceStatus } from '../../../shared/types/service';

/** The four tones of UI.md: the same everywhere (badges, tray, charts, favicon). */
export type Tone = 'ok' | 'warning' | 'critical' | 'neutral';

export const toneColor: Record<Tone, string> = {
  ok: 'green',
  warning: 'yellow',
  critical: 'red',
  neutral: 'gray',
};

export interface StatusLook {
  tone: Tone;
  /** The word on the badge: colour is never the only signal. */
  label: string;
  /** One sentence for the tooltip. */
  meaning: string;
}

const looks: Record<ServiceStatus, StatusLook> = {
  up: { tone: 'ok', label: 'up', meaning: 'Its checks pass.' },
  pending: { tone: 'warning', label: 'pending', meaning: 'A check failed; retrying before calling it down.' },
  starting: { tone: 'warning', label: 'starting', meaning: 'Started; waiting for its checks to pass.' },
  stopping: { tone: 'neutral', label: 'stopping', meaning: 'Being stopped.' },
  down: { tone: 'critical', label: 'down', meaning: 'Its checks fail. Needs a person.' },
  given_up: { tone: 'critical', label: 'given up', meaning: 'Restarts used up their budget. Needs a person.' },
  stopped: { tone: 'neutral', label: 'stopped', meaning: 'Deliberately not running.' },
  unknown: { tone: 'neutral', label: 'unknown', meaning: 'No check has run yet.' },
};

export function statusLook(status: ServiceStatus): StatusLook {
  return looks[status];
}

/** Worst first, for sorting: a person should see what needs them at the top. */
const severity: Record<ServiceStatus, number> = {
  given_up: 0,
  down: 1,
  pending: 2,
  starting: 3,
  stopping: 4,
  unknown: 5,
  stopped: 6,
  up: 7,
};

export function statusSeverity(status: ServiceStatus): number {
  return severity[status];
}
