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
  waiting: {
    tone: 'warning',
    label: 'waiting',
    meaning: 'Waiting for a service it depends on, which is not up. Not restarted: it carries on once that one is back.',
  },
  stopping: { tone: 'neutral', label: 'stopping', meaning: 'Being stopped.' },
  down: { tone: 'critical', label: 'down', meaning: 'Its checks fail. Needs a person.' },
  given_up: { tone: 'critical', label: 'given up', meaning: 'Restarts used up their budget. Needs a person.' },
  stopped: { tone: 'neutral', label: 'stopped', meaning: 'Deliberately not running.' },
  unknown: { tone: 'neutral', label: 'unknown', meaning: 'No check result yet, or nothing checks it.' },
};

/** The look of a status; a waiting service's tooltip names what it waits for. */
export function statusLook(status: ServiceStatus, waitingFor: readonly string[] = []): StatusLook {
  const look = looks[status];
  if (status !== 'waiting' || waitingFor.length === 0) return look;
  const names = waitingFor.join(', ');
  const verb = waitingFor.length === 1 ? 'is' : 'are';
  return { ...look, meaning: `Waiting for ${names}, which ${verb} not up. Not restarted: it carries on once ${names} ${verb} back.` };
}

/** Worst first, for sorting: a person should see what needs them at the top. */
const severity: Record<ServiceStatus, number> = {
  given_up: 0,
  down: 1,
  restarting: 2,
  pending: 3,
  starting: 4,
  waiting: 5,
  stopping: 6,
  unknown: 7,
  stopped: 8,
  running: 9,
  up: 10,
};

export function statusSeverity(status: ServiceStatus): number {
  return severity[status];
}

/** Red: down, given up or otherwise failing — the services that offer "Explain". */
export function isRed(status: ServiceStatus): boolean {
  return looks[status].tone === 'critical';
}
