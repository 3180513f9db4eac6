import type { Readable } from 'node:stream';
import type { LogsModule } from './logs/logs-module';
import type { MonitoringModule } from './monitoring/monitoring-module';
import { EXTERNAL_RULE_ID } from './store/alert-record';
import type { NotifyModule } from './notify/notify-module';
import type { RulesModule } from './rules/rules-module';
import type { Clock } from './clock';
import type { AutoscalerDeps } from './lifecycle/autoscaler';
import type { ServicesPorts, ServiceProbeHealth } from './lifecycle/ports';
import { evaluateInstant } from './promql/query';
import type { ServicesModule } from './services/services-module';
import type { SeriesStore } from './store/series-store';

/** Why a stopped service's probes are not checked: not the operator's pause, and not a failure. */
const STOPPED_SERVICE = 'the service is not running; checked again as soon as it starts';

/**
 * Readiness and health-based restarts read monitoring's probe health (and its liveness part).
 * While a service's process is down its probes are paused (a dead process is known at once; its
 * failing probes would only add a second restart), and resumed when it runs again, starting from
 * "no result yet" so a stale "up" from before the crash never reads as ready; every probe of a
 * service that starts is checked at once and soon again while failing. Probes an operator paused
 * stay paused. `confirm` checks a dependency afresh before a dependent is restarted.
 */
class MonitoringReadiness implements ServiceProbeHealth {
  private readonly pausedByLifecycle = new Set<string>();

  constructor(private readonly monitoring: MonitoringModule) {}

  get(service: string) {
    return this.monitoring.health.get(service).status;
  }

  subscribe(listener: Parameters<ServiceProbeHealth['subscribe']>[0]): () => void {
    return this.monitoring.health.subscribe((service, health) => listener(service, health.status, health.reason, health.liveness));
  }

  pause(service: string, reason: string = STOPPED_SERVICE): void {
    for (const probe of this.monitoring.statesOf(service)) {
      // A probe the operator paused stays theirs; one we paused takes the new words.
      if (probe.status === 'paused' && !this.pausedByLifecycle.has(probe.id)) continue;
      if (this.monitoring.pause(probe.id, reason)) this.pausedByLifecycle.add(probe.id);
    }
  }

  recheck(service: string, graceMs = 0): void {
    for (const probe of this.monitoring.statesOf(service)) {
      // Check at once, and soon again while failing: a probe not yet run (new probes are spread
      // over their interval) or waiting out its interval must not hold a just-started service back.
      // Until it passes, its failures are readiness checks, not downtime.
      if (this.pausedByLifecycle.delete(probe.id) || probe.status !== 'paused') {
        this.monitoring.startWarming(probe.id);
        this.monitoring.restartChecks(probe.id, graceMs);
      }
    }
  }

  confirm(service: string): Promise<void> {
    return this.monitoring.checkService(service);
  }
}

/** The services module's doors to monitoring (readiness), rules (escalation, rule actions), notify (channels) and logs (output). */
export function servicesPorts(parts: { monitoring: MonitoringModule; rules: RulesModule; notify: NotifyModule; logs: LogsModule }): ServicesPorts {
  const { monitoring, rules, notify, logs } = parts;
  return {
    probeHealth: new MonitoringReadiness(monitoring),
    usage: { record: (service, at, cpuPercent, rssBytes) => monitoring.recordServiceUsage(service, at, cpuPercent, rssBytes) },
    escalation: {
      raise: (alert) => void rules.raiseExternal(alert),
      resolve: (alert) => void rules.resolveExternal(alert),
    },
    transitions: {
      subscribe: (listener) =>
        rules.onTransition((event) => {
          if (event.ruleId === EXTERNAL_RULE_ID) return;
          const firing = event.to === 'firing' && event.from !== 'firing';
          const resolved = event.from === 'firing' && event.to !== 'firing';
          if (!firing && !resolved) return;
          listener({
            rule: event.alertname,
            state: firing ? 'firing' : 'resolved',
            labels: event.labels,
            value: event.value ?? Number.NaN,
            actions: event.actions,
          });
        }),
    },
    output: {
      attach: (service, stream, readable) => void logs.ingest.fromStream(service, stream, readable as Readable),
      followFile: (service, file) => logs.ingest.followFile(service, file),
    },
    notifier: {
      notify: async (channels, message) => notify.notifyChannels(channels, message),
    },
  };
}

/** The autoscaler's doors: `scale:` rules evaluated on the store (as an alert's expr fires), the services' replicas, automation's pause. */
export function autoscalerPorts(parts: {
  series: SeriesStore;
  clock: Clock;
  operate: ServicesModule;
  pausedBy: () => { by: string | null } | undefined;
}): Omit<AutoscalerDeps, 'clock' | 'logger'> {
  const { series, clock, operate } = parts;
  return {
    fires: (expr) => {
      const result = evaluateInstant(series, expr, clock.now());
      return result.resultType === 'scalar' || result.result.length > 0;
    },
    replicaCount: (service) => operate.manager.replicaCount(service),
    lastScaledAt: (service) => operate.manager.lastScaledAt(service),
    scale: async (service, count, actor, reason) => {
      const result = await operate.manager.scale(service, count, actor, reason);
      return { ok: result.ok, summary: result.summary };
    },
    pausedBy: parts.pausedBy,
  };
}
