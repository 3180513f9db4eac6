import type { ProbeStatus } from '../../../shared/types/monitoring';
import type { StatusLook } from './service-status';

const looks: Record<ProbeStatus, StatusLook> = {
  up: { tone: 'ok', label: 'up', meaning: 'The last check passed.' },
  pending: { tone: 'warning', label: 'pending', meaning: 'The last check failed; retrying before calling it down.' },
  down: { tone: 'critical', label: 'down', meaning: 'Checks failed and the retries are spent.' },
  paused: { tone: 'neutral', label: 'paused', meaning: 'Not checked until resumed.' },
  unknown: { tone: 'neutral', label: 'unknown', meaning: 'No check has finished yet.' },
};

export function probeStatusLook(status: ProbeStatus): StatusLook {
  return looks[status];
}

/** The probe's name within its service: "api/http#0" -> "http#0". */
export function probeName(id: string, service: string): string {
  return id.startsWith(`${service}/`) ? id.slice(service.length + 1) : id;
}
