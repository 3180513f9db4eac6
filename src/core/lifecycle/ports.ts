/**
 * The doors between service control and the parts built beside it (monitoring, alerting, logs).
 * Types only: the engine wires the real implementations (services-ports.ts). Code in lifecycle/,
 * actions/ and sessions/ depends on these and nothing more.
 */
import type { RuleConfig } from '../config/schema';
import type { ServiceOutputSink } from '../process/runner';

export type { ServiceOutputSink };

/** A parsed `then:` item of a rule: restart/start/stop/exec/notify with shell, timeout, dry_run. */
export type RuleAction = RuleConfig['then'][number];

/** Monitoring's view of a service's probes. 'up' = every probe passes (readiness). */
export type ProbeHealth = 'up' | 'pending' | 'down' | 'unknown';

/** The verdict of the probes whose failure may restart the service (role: liveness). */
export interface LivenessHealth {
  status: ProbeHealth;
  reason: string | null;
}

export interface ServiceProbeHealth {
  get(service: string): ProbeHealth;
  /** Called whenever a service's probe health (or its liveness part) changes. */
  subscribe(listener: (service: string, health: ProbeHealth, reason: string | null, liveness: LivenessHealth) => void): () => void;
  /** A service that is not running has its probes paused, saying why (by default: it is not running); `recheck` resumes them. */
  pause(service: string, reason?: string): void;
  /**
   * A fresh verdict for a service that (re)started, or whose dependency is back: its probes
   * forget their failures (a stale 'up' from before a crash must not read as ready), are checked
   * now and soon again while failing, and are not called down within `graceMs` (its ready_timeout).
   */
  recheck(service: string, graceMs?: number): void;
  /** Checks the service's probes now; resolves once they have reported (a verdict from now). */
  confirm(service: string): Promise<void>;
}

/** Alerting's door for alerts raised from code (a service that gave up). */
export interface AlertEscalation {
  raise(alert: { alertname: string; labels: Record<string, string>; annotations: Record<string, string> }): void;
  resolve(alert: { alertname: string; labels: Record<string, string> }): void;
}

export interface AlertTransition {
  rule: string;
  state: 'firing' | 'resolved';
  labels: Record<string, string>;
  value: number;
  actions: RuleAction[];
}

/** Alerting tells us when a rule's alert starts or stops firing, with its `then:` actions. */
export interface AlertTransitions {
  subscribe(listener: (event: AlertTransition) => void): () => void;
}

/**
 * Alerting's channels, for a rule's `notify:` action. Not in the first sketch of the ports: added
 * because a `then: [{ notify: [slack-ops] }]` needs somewhere to go. Resolves once handed over.
 */
export interface ChannelNotifier {
  notify(channels: string[], message: { title: string; body: string; labels: Record<string, string> }): Promise<void>;
}

/** Monitoring's door for the CPU and memory measured of the services Zervigo runs (written as process_* series). */
export interface ServiceUsageSink {
  record(service: string, at: number, cpuPercent: number | null, rssBytes: number): void;
}

export interface ServicesPorts {
  probeHealth: ServiceProbeHealth;
  usage: ServiceUsageSink;
  escalation: AlertEscalation;
  transitions: AlertTransitions;
  output: ServiceOutputSink;
  notifier: ChannelNotifier;
}
