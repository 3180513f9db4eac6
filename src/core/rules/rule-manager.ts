import type { Clock, TimerHandle } from '../clock';
import type { Logger } from '../logger';
import type { Labels } from '../store/labels';
import type { SeriesStore } from '../store/series-store';
import { every } from '../clock';
import { ALERT_NAME, fingerprintOf, sortedLabels } from '../store/alert-identity';
import { EXTERNAL_RULE_ID, type AlertRecord, type AlertTransition } from '../store/alert-record';
import { RuleAlerts } from './alert-state';
import type { AlertStore, NewAlertEvent } from '../store/alert-store';
import { lookbehindOf, selectorsOf } from '../promql/ast';
import { DEFAULT_LOOKBACK_MS, Evaluator } from '../promql/evaluator';
import type { Sample } from '../promql/values';
import type { CompiledGroup, CompiledRule } from './rule-set';
import { SeriesWindowCache } from './series-window';

export interface RuleStatus {
  lastEvalAt: number | null;
  lastDurationMs: number | null;
  lastError: string | null;
  /** How many series the expression returned, and the first one's value. */
  samples: number;
  value: number | null;
}

/** What one evaluation round changed: the router and other listeners act on it. */
export interface RoundResult {
  at: number;
  transitions: AlertTransition[];
  flapChanged: AlertRecord[];
}

export interface RuleManagerDeps {
  store: SeriesStore;
  alerts: AlertStore;
  clock: Clock;
  logger: Logger;
  /** Writes pending samples before an early evaluation reads them. */
  flushSamples: () => void;
  onRound: (result: RoundResult) => void;
}

interface RunningGroup {
  group: CompiledGroup;
  timer: TimerHandle;
  lookbehindMs: number;
  /** The series the group's rules read, for early evaluation. */
  series: Set<number>;
  /** The cache's selection epoch `series` was computed in. */
  watchedEpoch: number;
}

/** How often an alert's value and annotations are written without a state change (they are shown from memory). */
const VALUE_WRITE_EVERY_MS = 5 * 60_000;

/**
 * Evaluates the rule groups, each on its own interval, and keeps their alerts. A group is also
 * evaluated at once when a value it reads changes (the sample writer tells), so an alert
 * without `for` fires moments after the sample that causes it, not an interval later.
 */
export class RuleManager {
  private readonly cache: SeriesWindowCache;
  private readonly evaluator: Evaluator;
  private readonly groups = new Map<string, RunningGroup>();
  private readonly ruleAlerts = new Map<string, RuleAlerts>();
  private readonly rules = new Map<string, CompiledRule>();
  private readonly statuses = new Map<string, RuleStatus>();
  private readonly external = new Map<string, AlertRecord>();
  private readonly lastValues = new Map<number, number>();
  private readonly watchedBy = new Map<number, Set<string>>();
  private readonly earlyDue = new Set<string>();
  private readonly lastWritten = new Map<string, number>();
  private earlyTimer: TimerHandle | null = null;
  private indexSizeSeen = -1;
  private stopped = false;

  constructor(private readonly deps: RuleManagerDeps) {
    this.cache = new SeriesWindowCache(deps.store);
    this.evaluator = new Evaluator(this.cache, DEFAULT_LOOKBACK_MS);
    const restored = new Map<string, AlertRecord[]>();
    for (const record of deps.alerts.load()) {
      if (record.ruleId === EXTERNAL_RULE_ID) this.external.set(record.fingerprint, record);
      else restored.set(record.ruleId, [...(restored.get(record.ruleId) ?? []), record]);
    }
    this.pendingRestore = restored;
  }

  /** Alerts loaded from the store whose rules have not been configured yet. */
  private pendingRestore: Map<string, AlertRecord[]>;

  /** Applies a new set of rule groups: unchanged rules keep their alerts, removed rules resolve theirs. */
  setGroups(groups: readonly CompiledGroup[]): void {
    const at = this.deps.clock.now();
    const wanted = new Map<string, CompiledRule>();
    for (const group of groups) for (const rule of group.rules) wanted.set(rule.id, rule);
    const transitions: AlertTransition[] = [];
    for (const [id, alerts] of this.ruleAlerts) {
      if (wanted.has(id)) continue;
      transitions.push(...alerts.apply([], at).transitions.filter((transition) => transition.to !== 'pending'));
      // Whatever is still firing (keep_firing_for) ends with its rule.
      for (const record of alerts.list()) if (record.state === 'firing') transitions.push(this.resolve(record, at));
      this.ruleAlerts.delete(id);
      this.rules.delete(id);
      this.statuses.delete(id);
    }
    for (const [id, rule] of wanted) {
      this.rules.set(id, rule);
      const existing = this.ruleAlerts.get(id);
      if (existing !== undefined) existing.updateSpec(rule);
      else {
        const alerts = new RuleAlerts(rule);
        alerts.restore(this.pendingRestore.get(id) ?? []);
        this.pendingRestore.delete(id);
        this.ruleAlerts.set(id, alerts);
        this.statuses.set(id, { lastEvalAt: null, lastDurationMs: null, lastError: null, samples: 0, value: null });
      }
    }
    // Alerts of rules that no longer exist (removed while Zervigo was stopped) are resolved, not forgotten.
    for (const [id, records] of this.pendingRestore) {
      for (const record of records) if (record.state === 'firing') transitions.push(this.resolve(record, at));
      const gone = records.filter((record) => record.state === 'pending').map((record) => ({ ruleId: id, fingerprint: record.fingerprint }));
      this.deps.alerts.save([], gone, [], at);
    }
    this.pendingRestore.clear();
    for (const running of this.groups.values()) running.timer.cancel();
    this.groups.clear();
    this.watchedBy.clear();
    for (const group of groups) {
      const running: RunningGroup = {
        group,
        lookbehindMs: Math.max(...group.rules.map((rule) => lookbehindOf(rule.expr, DEFAULT_LOOKBACK_MS))),
        series: new Set(),
        watchedEpoch: -1,
        timer: every(this.deps.clock, group.intervalMs, () => this.evaluateGroup(group.name)),
      };
      this.groups.set(group.name, running);
    }
    if (transitions.length > 0) this.finishRound(at, transitions, []);
    // Evaluate at once: a restart or a reload should not wait a whole interval to know the state.
    for (const group of groups) this.scheduleEarly(group.name);
  }

  stop(): void {
    this.stopped = true;
    for (const running of this.groups.values()) running.timer.cancel();
    this.groups.clear();
    this.earlyTimer?.cancel();
  }

  /** Called for every appended sample: a changed value of a series some rule reads evaluates its group soon. */
  noteSample(seriesId: number, value: number): void {
    const groups = this.watchedBy.get(seriesId);
    if (groups === undefined) {
      // A new series may be one a rule reads: evaluate every group once, which also starts watching it.
      const size = this.deps.store.index.size;
      if (size !== this.indexSizeSeen) {
        this.indexSizeSeen = size;
        for (const name of this.groups.keys()) this.scheduleEarly(name);
      }
      return;
    }
    const previous = this.lastValues.get(seriesId);
    this.lastValues.set(seriesId, value);
    // The first value seen since watching may already differ from what the rules last saw.
    if (previous === value) return;
    for (const group of groups) this.scheduleEarly(group);
  }

  private scheduleEarly(group: string): void {
    this.earlyDue.add(group);
    if (this.earlyTimer !== null || this.stopped) return;
    this.earlyTimer = this.deps.clock.setTimeout(() => {
      this.earlyTimer = null;
      const due = [...this.earlyDue];
      this.earlyDue.clear();
      this.deps.flushSamples();
      for (const name of due) this.evaluateGroup(name);
    }, 0);
  }

  /** Evaluates every rule of a group now; returns what changed. */
  evaluateGroup(name: string): RoundResult | null {
    const running = this.groups.get(name);
    if (running === undefined || this.stopped) return null;
    const at = this.deps.clock.now();
    this.cache.beginRound(at, running.lookbehindMs);
    const transitions: AlertTransition[] = [];
    const flapChanged: AlertRecord[] = [];
    for (const rule of running.group.rules) {
      const started = performance.now();
      const status = this.statuses.get(rule.id) as RuleStatus;
      const alerts = this.ruleAlerts.get(rule.id) as RuleAlerts;
      try {
        const value = this.evaluator.evaluate(rule.expr, at);
        const samples: Sample[] = value.type === 'vector' ? value.samples : value.type === 'scalar' ? [{ labels: {}, value: value.value }] : [];
        const result = alerts.apply(samples, at);
        transitions.push(...result.transitions);
        flapChanged.push(...result.flapChanged);
        status.lastError = null;
        status.samples = samples.length;
        status.value = samples[0]?.value ?? null;
      } catch (error) {
        // A failing rule keeps its alerts as they are; the error shows on the Rules page.
        status.lastError = (error as Error).message;
        status.samples = 0;
        status.value = null;
      }
      status.lastEvalAt = at;
      status.lastDurationMs = performance.now() - started;
    }
    this.watch(running);
    this.finishRound(at, transitions, flapChanged, this.recordsToWrite(running.group.rules, transitions, flapChanged, at));
    return { at, transitions, flapChanged };
  }

  private watch(running: RunningGroup): void {
    if (running.watchedEpoch === this.cache.selectionEpoch) return;
    running.watchedEpoch = this.cache.selectionEpoch;
    const series = new Set<number>();
    for (const rule of running.group.rules) {
      for (const selector of selectorsOf(rule.expr)) for (const selected of this.cache.select(selector.name, selector.matchers)) series.add(selected.id);
    }
    for (const id of running.series) if (!series.has(id)) this.watchedBy.get(id)?.delete(running.group.name);
    for (const id of series) {
      let groups = this.watchedBy.get(id);
      if (groups === undefined) {
        groups = new Set();
        this.watchedBy.set(id, groups);
      }
      groups.add(running.group.name);
    }
    running.series = series;
  }

  /** State changes are written at once; values and annotations at most every 5 minutes. */
  private recordsToWrite(
    rules: readonly CompiledRule[],
    transitions: readonly AlertTransition[],
    flapChanged: readonly AlertRecord[],
    at: number,
  ): AlertRecord[] {
    const out = new Set<AlertRecord>([...transitions.filter((t) => t.to !== 'inactive').map((t) => t.record), ...flapChanged]);
    for (const rule of rules) {
      for (const record of (this.ruleAlerts.get(rule.id) as RuleAlerts).list()) {
        const key = `${record.ruleId}\u0000${record.fingerprint}`;
        if (out.has(record) || at - (this.lastWritten.get(key) ?? 0) >= VALUE_WRITE_EVERY_MS) {
          out.add(record);
          this.lastWritten.set(key, at);
        }
      }
    }
    return [...out];
  }

  /** Writes the round (one transaction) and hands it to the listeners. */
  private finishRound(
    at: number,
    transitions: AlertTransition[],
    flapChanged: AlertRecord[],
    changed: readonly AlertRecord[] = transitions.filter((t) => t.to !== 'inactive').map((t) => t.record),
  ): void {
    const removed = transitions.filter((t) => t.to === 'inactive').map((t) => ({ ruleId: t.record.ruleId, fingerprint: t.record.fingerprint }));
    const events: NewAlertEvent[] = [
      ...transitions.map((transition) => ({
        fingerprint: transition.record.fingerprint,
        alertname: transition.record.labels[ALERT_NAME] ?? '',
        at,
        kind: 'state' as const,
        from: transition.from,
        to: transition.to,
        value: transition.record.value,
      })),
      ...flapChanged.map((record) => ({
        fingerprint: record.fingerprint,
        alertname: record.labels[ALERT_NAME] ?? '',
        at,
        kind: 'flapping' as const,
        detail: record.flapping ? 'started flapping' : 'stopped flapping',
      })),
    ];
    try {
      this.deps.alerts.save(changed, removed, events, at);
    } catch (error) {
      this.deps.logger.error({ err: error }, 'saving alert state failed');
    }
    this.deps.onRound({ at, transitions, flapChanged });
  }

  private resolve(record: AlertRecord, at: number): AlertTransition {
    record.state = 'resolved';
    record.resolvedAt = at;
    record.keepFiringSince = null;
    record.ack = null;
    return { record, from: 'firing', to: 'resolved', at };
  }

  /** Raises an alert from code (automation giving up, a service supervisor): firing at once, routed like any other. */
  raiseExternal(input: { alertname: string; labels?: Labels; annotations?: Record<string, string> }): AlertRecord {
    const at = this.deps.clock.now();
    const labels = sortedLabels({ ...(input.labels ?? {}), [ALERT_NAME]: input.alertname });
    const fingerprint = fingerprintOf(labels);
    const existing = this.external.get(fingerprint);
    if (existing !== undefined && existing.state === 'firing') {
      existing.annotations = input.annotations ?? existing.annotations;
      existing.lastSeenAt = at;
      this.deps.alerts.save([existing], [], [], at);
      return existing;
    }
    const record: AlertRecord = {
      ruleId: EXTERNAL_RULE_ID,
      fingerprint,
      labels,
      annotations: input.annotations ?? {},
      state: 'firing',
      value: null,
      activeAt: at,
      firedAt: at,
      resolvedAt: null,
      lastSeenAt: at,
      keepFiringSince: null,
      flapping: false,
      changes: [],
      ack: null,
    };
    this.external.set(fingerprint, record);
    this.finishRound(at, [{ record, from: existing === undefined ? 'inactive' : 'resolved', to: 'firing', at }], []);
    return record;
  }

  /** Resolves an alert raised from code; false when there is no such firing alert. */
  resolveExternal(input: { alertname: string; labels?: Labels }): boolean {
    const fingerprint = fingerprintOf(sortedLabels({ ...(input.labels ?? {}), [ALERT_NAME]: input.alertname }));
    const record = this.external.get(fingerprint);
    if (record === undefined || record.state !== 'firing') return false;
    const at = this.deps.clock.now();
    this.finishRound(at, [this.resolve(record, at)], []);
    return true;
  }

  /** Every alert: of rules and raised from code. */
  alerts(): AlertRecord[] {
    const out: AlertRecord[] = [];
    for (const alerts of this.ruleAlerts.values()) out.push(...alerts.list());
    out.push(...this.external.values());
    return out;
  }

  /** Sets or clears the acknowledgement of the alerts with this fingerprint; returns them. */
  setAck(fingerprint: string, ack: AlertRecord['ack']): AlertRecord[] {
    const at = this.deps.clock.now();
    const records = this.alerts().filter((record) => record.fingerprint === fingerprint && record.state !== 'resolved');
    for (const record of records) record.ack = ack;
    const event: NewAlertEvent | null =
      records[0] === undefined
        ? null
        : {
            fingerprint,
            alertname: records[0].labels[ALERT_NAME] ?? '',
            at,
            kind: ack === null ? 'unack' : 'ack',
            detail: ack === null ? null : `${ack.by}${ack.comment === '' ? '' : `: ${ack.comment}`}`,
          };
    this.deps.alerts.save(records, [], event === null ? [] : [event], at);
    return records;
  }

  rule(id: string): CompiledRule | undefined {
    return this.rules.get(id);
  }

  ruleList(): { rule: CompiledRule; status: RuleStatus; alerts: AlertRecord[]; intervalMs: number }[] {
    const out: { rule: CompiledRule; status: RuleStatus; alerts: AlertRecord[]; intervalMs: number }[] = [];
    for (const running of this.groups.values()) {
      for (const rule of running.group.rules) {
        out.push({
          rule,
          status: this.statuses.get(rule.id) as RuleStatus,
          alerts: (this.ruleAlerts.get(rule.id) as RuleAlerts).list(),
          intervalMs: running.group.intervalMs,
        });
      }
    }
    return out;
  }

  /** Memory upkeep: series no rule read lately. */
  evictIdle(): void {
    this.cache.evictIdle(this.deps.clock.now());
  }
}
