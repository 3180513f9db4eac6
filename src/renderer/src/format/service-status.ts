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
  running: { tone: 'ok', label: 'running', meaning: 'Its process runs. It has no probes, so nothing checks that it works.' },
  restarting: { tone: 'critical', label: 'restarting', meaning: 'Its process ended; Zervigo starts it again after a back-off.' },
  pending: { tone: 'warning', label: 'pending', meaning: 'A check failed; retrying before calling it down.' },
  starting: { tone: 'warning', label: 'starting', meaning: 'Started; waiting for its checks to pass.' },
  stopping: { tone: 'neutral', label: 'stopping', meaning: 'Being stopped.' },
  down: { tone: 'critical', label: 'down', meaning: 'Its checks fail. Needs a person.' },
  given_up: { tone: 'critical', label: 'given up', meaning: 'Restarts used up their budget. Needs a person.' },
  stopped: { tone: 'neutral', label: 'stopped', meaning: 'Deliberately not running.' },
  unknown: { tone: 'neutral', label: 'unknown', meaning: 'No check result yet, or nothing checks it.' },
};

export function statusLook(status: ServiceStatus): StatusLook {
  return looks[status];
}

/** Worst first, for sorting: a person should see what needs them at the top. */
const severity: Record<ServiceStatus, number> = {
  given_up: 0,
  down: 1,
  restarting: 2,
  pending: 3,
  starting: 4,
  stopping: 5,
  unknown: 6,
  stopped: 7,
  running: 8,
  up: 9,
};

export function statusSeverity(status: ServiceStatus): number {
  return severity[status];
}
