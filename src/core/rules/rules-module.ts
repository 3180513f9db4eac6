import type { HandlersOf } from '../../shared/contract/define';
import type { ruleCommands } from '../../shared/contract/rules';
import type { RuleView } from '../../shared/types/alerts';
import type { Clock, TimerHandle } from '../clock';
import { every } from '../clock';
import type { ActiveWorkspace } from '../config/active-workspace';
import type { ActionConfig, WorkspaceConfig } from '../config/schema';
import type { EventBus } from '../event-bus';
import type { Logger } from '../logger';
import { ALERT_NAME } from '../store/alert-identity';
import type { AlertRecord } from '../store/alert-record';
import { RESOLVED_RETENTION_MS } from './alert-state';
import { AlertStore } from '../store/alert-store';
import type { Database } from '../store/database';
import type { Labels } from '../store/labels';
import type { SeriesStore } from '../store/series-store';
import { exportPrometheusRules } from './rule-export';
import { RuleManager, type RoundResult } from './rule-manager';
import { compileRuleGroups } from './rule-set';
import { ruleView } from './rule-view';
import { rulesHandlers } from './rules-commands';

/** A state change of an alert, for parts that act on alerts (notify routes it, automation runs its `then:`). */
export interface AlertTransitionEvent {
  fingerprint: string;
  /** group/alert of its rule, or "external". */
  ruleId: string;
  alertname: string;
  labels: Labels;
  annotations: Record<string, string>;
  value: number | null;
  from: AlertRecord['state'] | 'inactive';
  to: AlertRecord['state'] | 'inactive';
  at: number;
  /** The rule's `then:` actions (empty for alerts raised from code). */
  actions: ActionConfig[];
}

/**
 * What rules hand out after every evaluation round (Prometheus' rule manager calls its NotifyFunc
 * the same way): the transitions, whether an alert started or stopped flapping, and whether the
 * rule set itself was applied (then every alert may have changed).
 */
export interface AlertRound {
  at: number;
  transitions: AlertTransitionEvent[];
  flapChanged: boolean;
  applied: boolean;
}

export interface RulesDeps {
  db: Database;
  series: SeriesStore;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
}

/** Timeline entries are kept this long. */
const EVENT_RETENTION_MS = 30 * 86_400_000;
const UPKEEP_EVERY_MS = 10 * 60_000;
/** Rule views (a few hundred bytes each) are published at most this often; state changes show on the Alerts page at once. */
const RULES_EVENT_MIN_MS = 5_000;

/**
 * Rules, wired: rule groups evaluated over the store, their alerts through the state machine and
 * kept in the store. Rules know nothing of notifications: each round is handed out through
 * `onRound`, which the engine connects to notify and automation.
 */
export class RulesModule {
  readonly handlers: HandlersOf<typeof ruleCommands>;
  private readonly alertStore: AlertStore;
  private readonly rules: RuleManager;
  private readonly roundListeners = new Set<(round: AlertRound) => void>();
  private readonly timers: TimerHandle[] = [];
  private config: WorkspaceConfig | null = null;
  private rulesEventAt = 0;
  private rulesEventTimer: TimerHandle | null = null;

  constructor(private readonly deps: RulesDeps) {
    this.alertStore = new AlertStore(deps.db);
    this.rules = new RuleManager({
      store: deps.series,
      alerts: this.alertStore,
      clock: deps.clock,
      logger: deps.logger,
      flushSamples: () => deps.series.writer.flush(),
      onRound: (round) => this.handOut(round, false),
    });
    deps.series.writer.onAppend((seriesId, value) => this.rules.noteSample(seriesId, value));
    this.handlers = rulesHandlers(this);
    this.timers.push(every(deps.clock, UPKEEP_EVERY_MS, () => this.upkeep()));
  }

  /** A new workspace version: its rule groups (unchanged rules keep their alerts). */
  applyWorkspace(active: ActiveWorkspace): void {
    this.config = active.config;
    this.rules.setGroups(compileRuleGroups(active.config));
    this.publishRules();
    // Alerts restored at start (or rules removed) change what is firing before any evaluation.
    this.handOut({ at: this.deps.clock.now(), transitions: [], flapChanged: [] }, true);
  }

  stop(): void {
    this.deps.series.writer.onAppend(null);
    for (const timer of this.timers) timer.cancel();
    this.rulesEventTimer?.cancel();
    this.rules.stop();
  }

  /** The port rounds go out through; returns the function that stops listening. */
  onRound(listener: (round: AlertRound) => void): () => void {
    this.roundListeners.add(listener);
    return () => this.roundListeners.delete(listener);
  }

  /** Every alert state change, one at a time (automation's view of the rounds). */
  onTransition(listener: (event: AlertTransitionEvent) => void): () => void {
    return this.onRound((round) => {
      for (const event of round.transitions) listener(event);
    });
  }

  /** Every alert: of rules and raised from code. */
  alerts(): AlertRecord[] {
    return this.rules.alerts();
  }

  /** Raises an alert from code (a service that gave up; Alertmanager's POST /alerts), firing at once. */
  raiseExternal(input: { alertname: string; labels?: Labels; annotations?: Record<string, string> }): AlertRecord {
    return this.rules.raiseExternal(input);
  }

  resolveExternal(input: { alertname: string; labels?: Labels }): boolean {
    return this.rules.resolveExternal(input);
  }

  /** Keeps an acknowledgement on the alert's record (and its timeline); reminders are notify's business. */
  setAck(fingerprint: string, ack: AlertRecord['ack']): void {
    this.rules.setAck(fingerprint, ack);
  }

  /** The alert records as notify keeps them current (acks, alerts raised from code): its AlertSource port. */
  alertSource() {
    return {
      list: () => this.alerts(),
      setAck: (fingerprint: string, ack: AlertRecord['ack']) => this.setAck(fingerprint, ack),
      raise: (alert: { alertname: string; labels?: Labels; annotations?: Record<string, string> }) => this.raiseExternal(alert),
      resolve: (alert: { alertname: string; labels?: Labels }) => this.resolveExternal(alert),
    };
  }

  /** A firing alert's acknowledgement (null: not acknowledged); undefined when it is not firing. */
  ackOf(fingerprint: string): { by: string; at: number } | null | undefined {
    const record = this.alerts().find((alert) => alert.fingerprint === fingerprint);
    if (record === undefined || record.state !== 'firing') return undefined;
    return record.ack === null ? null : { by: record.ack.by, at: record.ack.at };
  }

  ruleViews(): RuleView[] {
    return this.rules.ruleList().map(({ rule, status, alerts, intervalMs }) => ruleView(rule, status, alerts, intervalMs));
  }

  exportRules(): string {
    if (this.config === null) return 'groups: []\n';
    return exportPrometheusRules(this.config);
  }

  private handOut(round: RoundResult, applied: boolean): void {
    const handed: AlertRound = {
      at: round.at,
      flapChanged: round.flapChanged.length > 0,
      applied,
      transitions: round.transitions.map(({ record, from, to, at }) => ({
        fingerprint: record.fingerprint,
        ruleId: record.ruleId,
        alertname: record.labels[ALERT_NAME] ?? '',
        labels: record.labels,
        annotations: record.annotations,
        value: record.value,
        from,
        to,
        at,
        actions: this.rules.rule(record.ruleId)?.then ?? [],
      })),
    };
    for (const listener of this.roundListeners) {
      try {
        listener(handed);
      } catch (error) {
        this.deps.logger.error({ err: error }, 'an alert round listener failed');
      }
    }
    if (!applied) this.scheduleRulesEvent();
  }

  private publishRules(): void {
    this.rulesEventAt = this.deps.clock.now();
    this.deps.bus.emit('rules.changed', this.ruleViews());
  }

  /** At most one rules.changed every 5 s; the last round is always published. */
  private scheduleRulesEvent(): void {
    if (this.rulesEventTimer !== null) return;
    const wait = this.rulesEventAt + RULES_EVENT_MIN_MS - this.deps.clock.now();
    if (wait <= 0) {
      this.publishRules();
      return;
    }
    this.rulesEventTimer = this.deps.clock.setTimeout(() => {
      this.rulesEventTimer = null;
      this.publishRules();
    }, wait);
  }

  private upkeep(): void {
    const at = this.deps.clock.now();
    try {
      this.alertStore.prune(at - EVENT_RETENTION_MS, at - RESOLVED_RETENTION_MS);
      this.rules.evictIdle();
    } catch (error) {
      this.deps.logger.error({ err: error }, 'rules upkeep failed');
    }
  }
}
