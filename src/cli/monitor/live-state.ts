import type { AlertView } from '../../shared/types/alerts';
import type { HealthSummary } from '../../shared/types/app';
import type { LogLine, LogTailBatch } from '../../shared/types/logs';
import type { MachineSample, ProbeState, ServiceMonitoring } from '../../shared/types/monitoring';
import type { ServiceView } from '../../shared/types/service';
import type { WorkspaceView } from '../../shared/types/workspace';

/** Events whose changes show in the service table (its rows, the up/down counts) or nowhere on screen. */
const TABLE_EVENTS = new Set(['probes.changed', 'services.changed', 'health.changed']);

/** Latencies kept per service for its sparkline. */
export const SPARK_POINTS = 30;
/** Log lines kept for the tail panel. */
export const LOG_LINES = 200;

/**
 * What `zervigo monitor --live` knows, fed by the server's events (services.changed,
 * probes.changed, alerts.changed, machine.sample, logs.lines). Plain data: the terminal UI
 * draws a snapshot of it once a second, whatever the event rate.
 */
export class LiveState {
  workspace: WorkspaceView | null = null;
  services: ServiceView[] = [];
  readonly probes = new Map<string, ProbeState>();
  readonly latency = new Map<string, number[]>();
  alerts: AlertView[] = [];
  machine: MachineSample | null = null;
  health: HealthSummary | null = null;
  logs: LogLine[] = [];
  droppedLogLines = 0;
  connected = true;
  /** Bumped on every change: the UI redraws only when it moved. */
  version = 0;
  /**
   * Bumped on changes drawn outside the service table (alerts, machine, log lines, workspace,
   * connection): new latencies and statuses alone redraw the table's rows, not the whole screen.
   */
  chromeVersion = 0;
  private tailId: string | null = null;

  load(initial: {
    workspace: WorkspaceView;
    services: ServiceView[];
    probes: ProbeState[];
    alerts: AlertView[];
    machine: MachineSample | null;
    monitoring: ServiceMonitoring[];
  }): void {
    this.workspace = initial.workspace;
    this.services = initial.services;
    this.probes.clear();
    for (const probe of initial.probes) this.probes.set(probe.id, probe);
    // The last hour's latency (one point a minute) starts each sparkline, so it is not empty at first.
    for (const entry of initial.monitoring) this.latency.set(entry.name, entry.latency.values.slice(-SPARK_POINTS));
    this.alerts = initial.alerts;
    this.machine = initial.machine;
    this.version++;
    this.chromeVersion++;
  }

  followTail(tailId: string): void {
    this.tailId = tailId;
  }

  /** One event from the server. */
  apply(name: string, payload: unknown): void {
    switch (name) {
      case 'services.changed':
        this.services = payload as ServiceView[];
        break;
      case 'probes.changed':
        for (const probe of payload as ProbeState[]) {
          const previous = this.probes.get(probe.id);
          this.probes.set(probe.id, probe);
          // One point per check: a probe is in the event when it was checked (or changed status).
          if (probe.latencyMs !== null && probe.lastCheckAt !== previous?.lastCheckAt) this.pushLatency(probe.service, probe.latencyMs);
        }
        break;
      case 'alerts.changed':
        this.alerts = payload as AlertView[];
        break;
      case 'machine.sample':
        this.machine = payload as MachineSample;
        break;
      case 'health.changed':
        this.health = payload as HealthSummary;
        break;
      case 'workspace.changed':
        this.workspace = payload as WorkspaceView;
        break;
      case 'logs.lines': {
        const batch = payload as LogTailBatch;
        if (batch.tailId !== this.tailId) return;
        this.logs = [...this.logs, ...batch.lines].slice(-LOG_LINES);
        this.droppedLogLines += batch.dropped;
        break;
      }
      default:
        return;
    }
    this.version++;
    if (!TABLE_EVENTS.has(name)) this.chromeVersion++;
  }

  setConnected(connected: boolean): void {
    this.connected = connected;
    this.version++;
    this.chromeVersion++;
  }

  firing(): AlertView[] {
    return this.alerts.filter((alert) => alert.state === 'firing' || alert.state === 'pending');
  }

  /** Services up (or running), and down (or restarting, or given up). */
  counts(): { up: number; down: number } {
    let up = 0;
    let down = 0;
    for (const service of this.services) {
      if (service.status === 'up' || service.status === 'running') up++;
      else if (service.status === 'down' || service.status === 'restarting' || service.status === 'given_up') down++;
    }
    return { up, down };
  }

  /** Each service's first probe's latest latency: one pass for the whole table, not one per row. */
  latestLatencyByService(): Map<string, number | null> {
    const latest = new Map<string, number | null>();
    for (const probe of this.probes.values()) if (!latest.has(probe.service)) latest.set(probe.service, probe.latencyMs);
    return latest;
  }

  probesOf(service: string): ProbeState[] {
    return [...this.probes.values()].filter((probe) => probe.service === service);
  }

  private pushLatency(service: string, ms: number): void {
    const points = this.latency.get(service) ?? [];
    points.push(ms);
    if (points.length > SPARK_POINTS) points.splice(0, points.length - SPARK_POINTS);
    this.latency.set(service, points);
  }
}

/** The events the monitor follows. */
export const LIVE_EVENTS = ['services.changed', 'probes.changed', 'alerts.changed', 'machine.sample', 'health.changed', 'workspace.changed', 'logs.lines'];

const BARS = '▁▂▃▄▅▆▇█';

/** "▁▂▅▇▃": each value against the largest shown. */
export function sparkline(values: readonly number[], width: number): string {
  const shown = values.slice(-width);
  if (shown.length === 0) return '';
  const max = Math.max(...shown);
  const min = Math.min(...shown);
  return shown.map((value) => BARS[max === min ? 0 : Math.round(((value - min) / (max - min)) * (BARS.length - 1))]).join('');
}

/** Services whose name, status or reason contains the filter (case-insensitive). */
export function filterServices(services: readonly ServiceView[], filter: string): ServiceView[] {
  const wanted = filter.trim().toLowerCase();
  if (wanted === '') return [...services];
  return services.filter((service) =>
    [service.name, service.status, service.reason ?? '', service.description ?? ''].some((text) => text.toLowerCase().includes(wanted)),
  );
}
