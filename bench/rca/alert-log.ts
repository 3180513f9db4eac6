import type { AlertView } from '../../src/shared/types/alerts';

/**
 * Every alert episode seen over a case's watch. The console lists an alert by its fingerprint:
 * one that fired, resolved and went pending again is listed as pending (no firing time), and one
 * whose pending condition then cleared is not listed at all. Over a watch of 30 s and more a CPU
 * alert did just that, and the first alert, and the baselines that read it, lost it. Each fired
 * episode is kept as last seen (its resolution included).
 */
export class AlertLog {
  private readonly fired = new Map<string, AlertView>();
  private unfired: AlertView[] = [];

  /** One poll's list; answers every episode seen so far, with this poll's unfired alerts. */
  record(alerts: readonly AlertView[]): AlertView[] {
    for (const alert of alerts) if (alert.firedAt !== null) this.fired.set(`${alert.fingerprint}@${alert.firedAt}`, alert);
    this.unfired = alerts.filter((alert) => alert.firedAt === null);
    return this.all();
  }

  all(): AlertView[] {
    return [...this.fired.values(), ...this.unfired];
  }
}
