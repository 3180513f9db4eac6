import type { AuditOutcome, OperationAction, ProgressStep } from '../../../shared/types/operate';
import type { Tone } from './service-status';

/** Words and tones for what a start/stop/restart is doing to a service (UI.md colours). */
export const stepLook: Record<ProgressStep, { label: string; tone: Tone }> = {
  queued: { label: 'queued', tone: 'neutral' },
  waiting: { label: 'waiting', tone: 'neutral' },
  starting: { label: 'starting', tone: 'warning' },
  ready: { label: 'ready', tone: 'ok' },
  stopping: { label: 'stopping', tone: 'warning' },
  stopped: { label: 'stopped', tone: 'neutral' },
  failed: { label: 'failed', tone: 'critical' },
  blocked: { label: 'blocked', tone: 'critical' },
  skipped: { label: 'skipped', tone: 'neutral' },
};

export const auditOutcomeLook: Record<AuditOutcome, { label: string; tone: Tone }> = {
  running: { label: 'running', tone: 'warning' },
  ok: { label: 'ok', tone: 'ok' },
  failed: { label: 'failed', tone: 'critical' },
  refused: { label: 'refused', tone: 'critical' },
  dry_run: { label: 'dry run', tone: 'neutral' },
  skipped: { label: 'skipped', tone: 'neutral' },
  interrupted: { label: 'interrupted', tone: 'warning' },
};

const verbs: Record<OperationAction | 'reset', { doing: string; done: string; label: string }> = {
  start: { doing: 'Starting', done: 'Started', label: 'Start' },
  stop: { doing: 'Stopping', done: 'Stopped', label: 'Stop' },
  restart: { doing: 'Restarting', done: 'Restarted', label: 'Restart' },
  reset: { doing: 'Resetting', done: 'Reset', label: 'Reset' },
};

export function actionWords(action: OperationAction | 'reset'): { doing: string; done: string; label: string } {
  return verbs[action];
}

/** "api", "api and db", "3 services", or "all services". */
export function describeTargets(services: readonly string[]): string {
  if (services.length === 0) return 'all services';
  if (services.length <= 2) return services.join(' and ');
  return `${services.length} services`;
}

/** 0.42 -> "0.4 %", 12.3 -> "12 %". */
export function formatPercent(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return value < 10 ? `${Math.round(value * 10) / 10} %` : `${Math.round(value)} %`;
}
