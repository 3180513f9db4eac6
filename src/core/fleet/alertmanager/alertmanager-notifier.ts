import type { AlertView, SilenceView } from '../../../shared/types/alerts';
import type { AlertmanagerStatus } from '../../../shared/types/fleet';
import { every, type Clock, type TimerHandle } from '../../clock';
import type { AlertingTargetsConfig } from '../../config/schema/fleet';
import type { Logger } from '../../logger';
import { postableAlerts, RESOLVED_RESEND_MS } from './alertmanager-alerts';
import { AlertmanagerClient } from './alertmanager-client';
import { silencesFromAlertmanager } from './alertmanager-silences';

/** What the notifier reads from alerting: the alerts, each one's evaluation interval, the console's address. */
export interface AlertSource {
  alerts(): AlertView[];
  /** Each rule's evaluation interval by rule id. */
  evaluationIntervals(): ReadonlyMap<string, number>;
  consoleUrl(): string | null;
}

/** The longest wait between two silence reads of an Alertmanager that is down. */
const MAX_SILENCE_BACKOFF_MS = 5 * 60_000;
/** How often alerts are looked at for sending (a transition sends at once). */
const CHECK_EVERY_MS = 5_000;

interface Target {
  client: AlertmanagerClient;
  status: AlertmanagerStatus;
  silences: SilenceView[];
  silenceTimer: TimerHandle | null;
  silenceBackoffMs: number;
  posting: Promise<void> | null;
}

/**
 * Sends alerts to Alertmanagers as Prometheus' notifier does: to every one of them, each alert
 * when it changes and again every resend_delay while firing, resolved ones for 15 minutes, with
 * endsAt = now + 4 × max(evaluation interval, resend_delay). A failed POST is not queued: the
 * next round sends the current state (an Alertmanager takes the newest). Also reads each one's
 * silences, backing off while it is down.
 */
export class AlertmanagerNotifier {
  private targets: Target[] = [];
  private config: AlertingTargetsConfig | null = null;
  private readonly lastSent = new Map<string, { at: number; state: AlertView['state'] }>();
  private checkTimer: TimerHandle | null = null;
  private stopped = false;

  constructor(
    private readonly source: AlertSource,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly onSilencesChanged: () => void,
  ) {}

  apply(config: AlertingTargetsConfig): void {
    const same = this.config !== null && JSON.stringify(this.config) === JSON.stringify(config);
    this.config = config;
    if (same) return;
    for (const target of this.targets) target.silenceTimer?.cancel();
    const hadSilences = this.targets.some((target) => target.silences.length > 0);
    this.targets = config.alertmanagers.map((alertmanager) => ({
      client: new AlertmanagerClient(alertmanager),
      status: { url: alertmanager.url, state: 'unknown', lastError: null, lastErrorAt: null, lastSentAt: null, alertsSent: 0, postsFailed: 0, silences: 0 },
      silences: [],
      silenceTimer: null,
      silenceBackoffMs: 0,
      posting: null,
    }));
    this.lastSent.clear();
    if (hadSilences) this.onSilencesChanged();
    this.checkTimer?.cancel();
    this.checkTimer = null;
    if (this.targets.length === 0) return;
    this.checkTimer = every(this.clock, Math.min(CHECK_EVERY_MS, config.resend_delay), () => this.sendDue());
    for (const target of this.targets) void this.readSilences(target);
    this.sendDue();
  }

  /** An alert changed state: send what needs sending now rather than at the next check. */
  alertsChanged(): void {
    if (this.targets.length > 0) this.sendDue();
  }

  statuses(): AlertmanagerStatus[] {
    return this.targets.map((target) => ({ ...target.status, silences: target.silences.length }));
  }

  silences(): SilenceView[] {
    return this.targets.flatMap((target) => target.silences);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.checkTimer?.cancel();
    for (const target of this.targets) target.silenceTimer?.cancel();
    await Promise.all(this.targets.map((target) => target.posting ?? Promise.resolve()));
  }

  /** Resolves once no POST is under way (tests wait on it). */
  async idle(): Promise<void> {
    await Promise.all(this.targets.map((target) => target.posting ?? Promise.resolve()));
  }

  private sendDue(): void {
    const config = this.config;
    if (config === null || this.stopped) return;
    const now = this.clock.now();
    const due = this.source.alerts().filter((alert) => this.needsSending(alert, now, config.resend_delay));
    if (due.length === 0) return;
    const consoleUrl = this.source.consoleUrl();
    const intervals = this.source.evaluationIntervals();
    const body = postableAlerts(
      due,
      now,
      (alert) => 4 * Math.max(intervals.get(alert.ruleId) ?? 0, config.resend_delay),
      () => (consoleUrl === null ? undefined : `${consoleUrl}/#/alerts`),
    );
    for (const alert of due) this.lastSent.set(alert.fingerprint, { at: now, state: alert.state });
    for (const [fingerprint, sent] of this.lastSent) if (sent.state === 'resolved' && now - sent.at > RESOLVED_RESEND_MS) this.lastSent.delete(fingerprint);
    for (const target of this.targets) this.post(target, body);
  }

  /** Prometheus' needsSending: never pending; a change of state at once; else every resend_delay (resolved ones for 15 minutes). */
  private needsSending(alert: AlertView, now: number, resendDelay: number): boolean {
    if (alert.state === 'pending') return false;
    if (alert.state === 'resolved' && (alert.resolvedAt === null || now - alert.resolvedAt > RESOLVED_RESEND_MS)) return false;
    const sent = this.lastSent.get(alert.fingerprint);
    if (sent === undefined) return true;
    if (sent.state !== alert.state) return true;
    return sent.at + resendDelay <= now;
  }

  private post(target: Target, body: ReturnType<typeof postableAlerts>): void {
    const previous = target.posting ?? Promise.resolve();
    // One POST at a time per Alertmanager, in order: a newer state never overtakes an older one.
    target.posting = previous.then(async () => {
      try {
        await target.client.postAlerts(body);
        target.status = { ...target.status, state: 'up', lastSentAt: this.clock.now(), alertsSent: target.status.alertsSent + body.length };
      } catch (error) {
        const message = (error as Error).message;
        if (target.status.state !== 'down') this.logger.warn({ alertmanager: target.status.url }, message);
        target.status = { ...target.status, state: 'down', lastError: message, lastErrorAt: this.clock.now(), postsFailed: target.status.postsFailed + 1 };
      }
    });
    const settled = target.posting;
    void settled.then(() => {
      if (target.posting === settled) target.posting = null;
    });
  }

  private async readSilences(target: Target): Promise<void> {
    const config = this.config;
    if (config === null || this.stopped || !this.targets.includes(target)) return;
    let wait = config.silences_poll;
    try {
      const silences = silencesFromAlertmanager(await target.client.silences(), `alertmanager ${target.client.base}`);
      target.silenceBackoffMs = 0;
      if (target.status.state === 'unknown' || target.status.lastError?.includes('silences') === true) target.status = { ...target.status, state: 'up' };
      if (JSON.stringify(silences) !== JSON.stringify(target.silences)) {
        target.silences = silences;
        this.onSilencesChanged();
      }
    } catch (error) {
      target.silenceBackoffMs = Math.min(Math.max(target.silenceBackoffMs * 2, config.silences_poll), MAX_SILENCE_BACKOFF_MS);
      wait = target.silenceBackoffMs;
      target.status = { ...target.status, state: 'down', lastError: `reading silences: ${(error as Error).message}`, lastErrorAt: this.clock.now() };
    }
    if (this.stopped || !this.targets.includes(target)) return;
    target.silenceTimer = this.clock.setTimeout(() => void this.readSilences(target), wait);
  }
}
