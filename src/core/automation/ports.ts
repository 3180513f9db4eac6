/**
 * The doors between jobs (and deploys) and the parts beside them. Types only: engine.ts wires
 * the real implementations (automation-ports.ts), tests may hand in their own. Nothing in jobs/
 * or deploy/ imports a sibling part; it is given these.
 */

export type { ProcessOutcome, ProcessRunner, RunOptions } from '../process/run-options';

export type ServiceAction = 'start' | 'stop' | 'restart';

/** Service control (the service manager): the result in words, and whether it worked. */
export interface ServiceControl {
  names(): string[];
  run(action: ServiceAction, services: string[], actor: string): Promise<{ ok: boolean; summary: string; ready: boolean }>;
  /** The status the console shows: up, down, running, given_up… */
  status(service: string): string | null;
  /** Every change of a service's shown status. */
  onStatus(listener: (service: string, status: string, reason: string | null) => void): () => void;
}

/** Notification channels (the notifier). Throws naming unknown channels. */
export interface Notifier {
  notify(channels: string[], message: { title: string; body: string; labels: Record<string, string> }): Promise<void>;
}

export interface AuditEntryInput {
  actor: string;
  action: string;
  target: string;
  outcome?: 'running' | 'ok' | 'failed' | 'refused' | 'dry_run' | 'skipped' | 'interrupted';
  message?: string | null;
  details?: Record<string, unknown> | null;
}

/** The audit log. */
export interface AuditPort {
  begin(entry: AuditEntryInput): number;
  finish(
    id: number,
    outcome: 'ok' | 'failed' | 'refused' | 'dry_run' | 'skipped' | 'interrupted',
    message: string | null,
    details?: Record<string, unknown>,
  ): void;
  record(entry: AuditEntryInput & { outcome: 'ok' | 'failed' | 'refused' | 'dry_run' | 'skipped' | 'interrupted' }): number;
}

/** Alerts starting (or stopping) to fire, rule alerts and those raised from code alike. */
export interface AlertFeed {
  onTransition(listener: (event: { alertname: string; labels: Record<string, string>; state: 'firing' | 'resolved' }) => void): () => void;
  /** Alerts firing now, by their labels. */
  firing(): { alertname: string; labels: Record<string, string> }[];
}

/** Alerts raised from code (a rolled-back deploy). */
export interface AlertRaiser {
  raise(alert: { alertname: string; labels: Record<string, string>; annotations: Record<string, string> }): void;
  resolve(alert: { alertname: string; labels: Record<string, string> }): void;
}
