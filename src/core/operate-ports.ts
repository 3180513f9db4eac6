import type { Readable } from 'node:stream';
import type { LogsModule } from './logs/logs-module';
import type { Monitoring } from './probes/monitoring-module';
import { EXTERNAL_RULE_ID } from './rules/alert-record';
import type { Alerting } from './rules/alerting-module';
import type { OperatePorts, ServiceProbeHealth } from './services/ports';

/**
 * Readiness and health-based restarts read monitoring's probe health. While a service's process
 * is down its probes are paused (a dead process is known at once; its failing probes would only
 * add a second restart), and resumed when it runs again, starting from "no result yet" so a
 * stale "up" from before the crash never reads as ready; every probe of a service that starts is
 * checked at once. Probes an operator paused stay paused.
 */
/** Why a stopped service's probes are not checked: not the operator's pause, and not a failure. */
const STOPPED_SERVICE = 'the service is not running; checked again as soon as it starts';

class MonitoringReadiness implements ServiceProbeHealth {
  private readonly pausedByLifecycle = new Set<string>();

  constructor(private readonly monitoring: Monitoring) {}

  get(service: string) {
    return this.monitoring.health.get(service).status;
  }

  subscribe(listener: Parameters<ServiceProbeHealth['subscribe']>[0]): () => void {
    return this.monitoring.health.subscribe((service, health) => listener(service, health.status, health.reason));
  }

  setActive(service: string, active: boolean): void {
    for (const probe of this.monitoring.statesOf(service)) {
      if (active) {
        // Check at once: a probe not yet run (new probes are spread over their interval) or
        // waiting out its interval must not hold a just-started service back. Until it passes,
        // its failures are readiness checks, not downtime.
        if (this.pausedByLifecycle.delete(probe.id)) {
          this.monitoring.startWarming(probe.id);
          this.monitoring.resume(probe.id);
        } else if (probe.status !== 'paused') {
          this.monitoring.startWarming(probe.id);
          this.monitoring.checkNow(probe.id);
        }
      } else if (probe.status !== 'paused' && this.monitoring.pause(probe.id, STOPPED_SERVICE)) {
        this.pausedByLifecycle.add(probe.id);
      }
    }
  }
}

/** The operate module's doors to monitoring (readiness), alerting (escalation, rule actions, channels) and logs (output). */
export function operatePorts(parts: { monitoring: Monitoring; alerting: Alerting; logs: LogsModule }): OperatePorts {
  const { monitoring, alerting, logs } = parts;
  return {
    probeHealth: new MonitoringReadiness(monitoring),
    usage: { record: (service, at, cpuPercent, rssBytes) => monitoring.recordServiceUsage(service, at, cpuPercent, rssBytes) },
    escalation: {
      raise: (alert) => void alerting.raiseExternal(alert),
      resolve: (alert) => void alerting.resolveExternal(alert),
    },
    transitions: {
      subscribe: (listener) =>
        alerting.onTransition((event) => {
          if (event.ruleId === EXTERNAL_RULE_ID) return;
          const firing = event.to === 'firing' && event.from !== 'firing';
          const resolved = event.from === 'firing' && event.to !== 'firing';
          if (!firing && !resolved) return;
          listener({ rule: event.alertname, state: firing ? 'firing' : 'resolved', labels: event.labels, value: event.value ?? Number.NaN, actions: event.actions });
        }),
    },
    output: {
      attach: (service, stream, readable) => void logs.ingest.fromStream(service, stream, readable as Readable),
      followFile: (service, file) => logs.ingest.followFile(service, file),
    },
    notifier: {
      notify: async (channels, message) => alerting.notifyChannels(channels, message),
    },
  };
}
