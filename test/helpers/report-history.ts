import path from 'node:path';
import { AuditLog } from '../../src/core/store/audit-log';
import { DATABASE_FILE_NAME } from '../../src/core/data-dir';
import { AlertStore } from '../../src/core/store/alert-store';
import { openDatabase } from '../../src/core/store/database';
import { SeriesStore } from '../../src/core/store/series-store';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface HistoryService {
  name: string;
  /** Checks every 5 minutes over `days`; this share of them fail (spread evenly). */
  failing: number;
  latencyMs: number;
}

/**
 * Writes days of history into a data folder the way a running console would have: probe results
 * through the store's writer, rolled up by its own maintenance; alert state changes and
 * acknowledgements through the alert store; restarts and a give-up through the audit log.
 */
export async function writeHistory(
  dataDir: string,
  now: number,
  options: {
    days: number;
    services: HistoryService[];
    incidents?: { alertname: string; service: string; firedAt: number; ackAt?: number; resolvedAt?: number }[];
    restarts?: { service: string; at: number; actor: string }[];
    givenUp?: { service: string; at: number }[];
  },
): Promise<void> {
  const db = openDatabase(path.join(dataDir, DATABASE_FILE_NAME));
  let clock = now - options.days * DAY;
  const store = new SeriesStore(db, () => clock);
  const start = now - options.days * DAY;
  for (const service of options.services) {
    const labels = { service: service.name, probe: 'http#0', instance: `http://127.0.0.1/${service.name}` };
    let i = 0;
    for (let at = start; at < now - HOUR; at += 5 * 60_000, i++) {
      const fails = service.failing > 0 && i % Math.round(1 / service.failing) === 0;
      store.writer.appendNamed('probe_success', labels, at, fails ? 0 : 1);
      store.writer.appendNamed('probe_duration_seconds', labels, at, (service.latencyMs + (i % 7)) / 1000);
    }
  }
  for (let at = start; at < now - HOUR; at += 15 * 60_000) {
    // The machine fills its disk by 1 % a day.
    store.writer.appendNamed('system_disk_used_percent', { host: 'h', mountpoint: '/' }, at, 40 + (at - start) / DAY);
    store.writer.appendNamed('system_cpu_usage_percent', { host: 'h' }, at, 20 + ((at / HOUR) % 10));
  }
  store.writer.flush();
  clock = now;
  await store.maintain(now);
  const alerts = new AlertStore(db);
  for (const incident of options.incidents ?? []) {
    const fingerprint = Buffer.from(`${incident.alertname}${incident.service}`).toString('hex').padEnd(16, '0').slice(0, 16);
    alerts.addEvent({ fingerprint, alertname: incident.alertname, at: incident.firedAt - 30_000, kind: 'state', from: 'inactive', to: 'pending' });
    alerts.addEvent({ fingerprint, alertname: incident.alertname, at: incident.firedAt, kind: 'state', from: 'pending', to: 'firing' });
    if (incident.ackAt !== undefined) alerts.addEvent({ fingerprint, alertname: incident.alertname, at: incident.ackAt, kind: 'ack', detail: 'ana: looking' });
    if (incident.resolvedAt !== undefined)
      alerts.addEvent({ fingerprint, alertname: incident.alertname, at: incident.resolvedAt, kind: 'state', from: 'firing', to: 'resolved' });
  }
  for (const restart of options.restarts ?? [])
    new AuditLog(db, () => restart.at).record({ actor: restart.actor, action: 'restart', target: restart.service, outcome: 'ok', message: 'probe failed' });
  for (const gaveUp of options.givenUp ?? [])
    new AuditLog(db, () => gaveUp.at).record({
      actor: 'supervisor',
      action: 'give_up',
      target: gaveUp.service,
      outcome: 'failed',
      message: '3 restarts within 10m',
    });
  db.close();
}
