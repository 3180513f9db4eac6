import type { Labels } from '../store/labels';
import { fingerprintOf, sortedLabels, ALERT_NAME } from '../store/alert-identity';
import type { AlertRecord, AlertTransition } from '../store/alert-record';
import { isFlapping, recordChange, type FlapPolicy } from './flapping';
import { renderSafely, type CompiledTemplate } from '../promql/rule-template';
import { dropMetricName, type Sample } from '../promql/values';

/** Resolved alerts stay listed (and their group can say "resolved") for this long. */
export const RESOLVED_RETENTION_MS = 24 * 3_600_000;

export interface RuleSpec {
  id: string;
  name: string;
  forMs: number;
  keepFiringForMs: number;
  labels: Record<string, CompiledTemplate>;
  annotations: Record<string, CompiledTemplate>;
  flapping: FlapPolicy | null;
}

/**
 * The alerts of one rule and their lifecycle, as Prometheus runs it: a new result is pending,
 * firing once it has been so for `for`; gone from the result it is resolved, unless
 * `keep_firing_for` holds it firing a while longer. Pure: time comes in as an argument.
 */
export class RuleAlerts {
  private readonly alerts = new Map<string, AlertRecord>();
  /**
   * A series' labels object is the same from round to round (the evaluator's selections are
   * cached), so its alert labels and fingerprint are worked out once — unless the rule's
   * labels use the value, which changes.
   */
  private identities = new WeakMap<object, { labels: Labels; fingerprint: string }>();
  private labelsUseValue = false;

  constructor(private spec: RuleSpec) {
    this.updateSpec(spec);
  }

  /** A reloaded rule keeps its alerts (and their pending timers). */
  updateSpec(spec: RuleSpec): void {
    this.spec = spec;
    this.identities = new WeakMap();
    this.labelsUseValue = Object.values(spec.labels).some((template) => /\$value|\.Value/.test(template.source));
  }

  restore(records: readonly AlertRecord[]): void {
    for (const record of records) this.alerts.set(record.fingerprint, record);
  }

  list(): AlertRecord[] {
    return [...this.alerts.values()];
  }

  get(fingerprint: string): AlertRecord | undefined {
    return this.alerts.get(fingerprint);
  }

  /** Applies one evaluation's result; returns the transitions it caused and the alerts that started or stopped flapping. */
  apply(samples: readonly Sample[], at: number): { transitions: AlertTransition[]; flapChanged: AlertRecord[] } {
    const transitions: AlertTransition[] = [];
    const flapChanged: AlertRecord[] = [];
    const wasFlapping = new Map([...this.alerts.values()].map((record) => [record.fingerprint, record.flapping]));
    const seen = new Set<string>();
    for (const sample of samples) {
      const { labels, fingerprint } = this.identityOf(sample);
      // Two results with one label set after the rule's labels are applied: Prometheus refuses too.
      if (seen.has(fingerprint)) continue;
      seen.add(fingerprint);
      const data = { labels: sample.labels, value: sample.value };
      const annotations = Object.fromEntries(Object.entries(this.spec.annotations).map(([key, template]) => [key, renderSafely(template, data)]));
      let record = this.alerts.get(fingerprint);
      if (record === undefined || record.state === 'resolved') {
        const previous = record;
        record = {
          ruleId: this.spec.id,
          fingerprint,
          labels,
          annotations,
          state: 'pending',
          value: sample.value,
          activeAt: at,
          firedAt: null,
          resolvedAt: null,
          lastSeenAt: at,
          keepFiringSince: null,
          flapping: previous?.flapping ?? false,
          changes: previous?.changes ?? [],
          ack: null,
        };
        this.alerts.set(fingerprint, record);
        transitions.push({ record, from: previous === undefined ? 'inactive' : 'resolved', to: 'pending', at });
      } else {
        record.labels = labels;
        record.annotations = annotations;
        record.value = sample.value;
        record.lastSeenAt = at;
        record.keepFiringSince = null;
      }
      if (record.state === 'pending' && at - record.activeAt >= this.spec.forMs) {
        record.state = 'firing';
        record.firedAt = at;
        this.noteChange(record, at);
        transitions.push({ record, from: 'pending', to: 'firing', at });
      }
    }
    for (const record of [...this.alerts.values()]) {
      if (seen.has(record.fingerprint)) continue;
      if (record.state === 'pending') {
        this.alerts.delete(record.fingerprint);
        transitions.push({ record, from: 'pending', to: 'inactive', at });
      } else if (record.state === 'firing') {
        if (this.spec.keepFiringForMs > 0) {
          record.keepFiringSince ??= at;
          if (at - record.keepFiringSince < this.spec.keepFiringForMs) continue;
        }
        record.state = 'resolved';
        record.resolvedAt = at;
        record.keepFiringSince = null;
        record.ack = null;
        this.noteChange(record, at);
        transitions.push({ record, from: 'firing', to: 'resolved', at });
      } else if (record.resolvedAt !== null && at - record.resolvedAt > RESOLVED_RETENTION_MS) {
        this.alerts.delete(record.fingerprint);
      }
    }
    // Flapping also ends by itself once the changes fall out of the window.
    for (const record of this.alerts.values()) {
      record.flapping = isFlapping(record.changes, at, record.flapping, this.spec.flapping);
      if (record.flapping !== (wasFlapping.get(record.fingerprint) ?? false)) flapChanged.push(record);
    }
    return { transitions, flapChanged };
  }

  private identityOf(sample: Sample): { labels: Labels; fingerprint: string } {
    if (this.labelsUseValue) {
      const labels = this.alertLabels(sample);
      return { labels, fingerprint: fingerprintOf(labels) };
    }
    let identity = this.identities.get(sample.labels);
    if (identity === undefined) {
      const labels = this.alertLabels(sample);
      identity = { labels, fingerprint: fingerprintOf(labels) };
      this.identities.set(sample.labels, identity);
    }
    return identity;
  }

  /** The expression's labels without the name, the rule's labels (templated) over them, and alertname. */
  private alertLabels(sample: Sample): Labels {
    const labels: Record<string, string> = { ...dropMetricName(sample.labels) };
    const data = { labels: sample.labels, value: sample.value };
    for (const [key, template] of Object.entries(this.spec.labels)) {
      const value = renderSafely(template, data);
      if (value === '') delete labels[key];
      else labels[key] = value;
    }
    labels[ALERT_NAME] = this.spec.name;
    return sortedLabels(labels);
  }

  private noteChange(record: AlertRecord, at: number): void {
    record.changes = recordChange(record.changes, at, this.spec.flapping);
    record.flapping = isFlapping(record.changes, at, record.flapping, this.spec.flapping);
  }
}
