import type { EventBus } from './event-bus';
import type { AlertFeed, AlertRaiser, AuditPort, Notifier, ProcessRunner, ServiceControl } from './automation/ports';
import type { NotifyModule } from './notify/notify-module';
import { runArgv } from './process/run-argv';
import type { RulesModule } from './rules/rules-module';
import type { ServicesModule } from './services/services-module';

export interface AutomationPorts {
  services: ServiceControl;
  alerts: AlertFeed;
  raiser: AlertRaiser;
  notifier: Notifier;
  audit: AuditPort;
  /** Steps and deploy commands run argv arrays, never a shell line. */
  runProcess: ProcessRunner;
}

/**
 * Jobs' and deploys' doors to the service manager, alerting, the audit log and processes. A service's status
 * change is read from the services the console is shown, so a job triggered by "api: down" and a
 * deploy's watch window see exactly what the operator sees.
 */
export function automationPorts(parts: { bus: EventBus; operate: ServicesModule; rules: RulesModule; notify: NotifyModule }): AutomationPorts {
  const { bus, operate, rules, notify } = parts;
  const shown = new Map<string, string>();
  const statusListeners = new Set<(service: string, status: string, reason: string | null) => void>();
  bus.on('services.changed', (services) => {
    for (const service of services) {
      if (shown.get(service.name) === service.status) continue;
      shown.set(service.name, service.status);
      for (const listener of statusListeners) listener(service.name, service.status, service.reason ?? null);
    }
  });
  const services: ServiceControl = {
    names: () => operate.manager.names(),
    async run(action, names, actor) {
      const result = await operate.manager.run(action, names, actor);
      // A restart lists each service twice (stopped, then started): its start says whether it is ready.
      const ready =
        action !== 'stop' &&
        names.every((name) => ['ready', 'already_running'].includes(result.services.findLast((step) => step.service === name)?.outcome ?? 'failed'));
      return { ok: result.ok, summary: result.summary, ready: result.ok && ready };
    },
    status: (service) => shown.get(service) ?? null,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
  };
  const alerts: AlertFeed = {
    onTransition: (listener) =>
      rules.onTransition((event) => {
        const firing = event.to === 'firing' && event.from !== 'firing';
        const resolved = event.from === 'firing' && event.to !== 'firing';
        if (firing || resolved) listener({ alertname: event.alertname, labels: event.labels, state: firing ? 'firing' : 'resolved' });
      }),
    firing: () =>
      notify
        .alertViews()
        .filter((alert) => alert.state === 'firing')
        .map((alert) => ({ alertname: alert.alertname, labels: alert.labels })),
  };
  return {
    services,
    alerts,
    raiser: {
      raise: (alert) => void notify.raiseExternal(alert),
      resolve: (alert) => void notify.resolveExternal(alert),
    },
    notifier: { notify: async (channels, message) => notify.notifyChannels(channels, message) },
    audit: {
      begin: (entry) => operate.audit.begin(entry),
      finish: (id, outcome, message, details) => void operate.audit.finish(id, outcome, message, details),
      record: (entry) => operate.audit.record(entry),
    },
    runProcess: runArgv,
  };
}
