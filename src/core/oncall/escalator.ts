import { ZervigoError } from '../../shared/errors';
import type { EscalationPage, EscalationView } from '../../shared/types/oncall';
import { nextStepOf } from '../../shared/escalation-next-step';
import type { Clock } from '../clock';
import type { EscalationConfig, EscalationLevelConfig, OnCallConfig } from '../config/schema';
import type { Logger } from '../logger';
import type { Database } from '../store/database';
import { WakeUp } from '../wake-up';
import { EscalationStore, type EscalationRow } from './escalation-store';
import { onCallAt } from './schedule-shifts';

/** What the escalator is asked to page about: a notification group, its alerts, and the notification itself (kept as JSON, handed back to `page`). */
export interface EscalationRequest {
  policy: string;
  groupKey: string;
  title: string;
  status: 'firing' | 'resolved';
  fingerprints: string[];
  notification: unknown;
}

export interface EscalatorDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  config: () => OnCallConfig;
  /** Whether the person still has an account (a removed one is skipped, never a crash). */
  userExists: (name: string) => boolean;
  /** The acknowledgement of an alert that is firing; undefined when it is not firing (resolved, gone). */
  alertAck: (fingerprint: string) => { by: string; at: number } | null | undefined;
  /** Acknowledges a firing alert (as the Alerts page does): what acknowledging a page does to the group's alerts. */
  acknowledgeAlert: (fingerprint: string, ack: { by: string; at: number; comment: string }) => void;
  /** Queues the stored notification for one channel (the notify outbox: retried, in the delivery log). */
  page: (page: EscalationPage, notification: unknown) => void;
  audit: (entry: { actor: string; action: string; target: string; outcome: 'ok' | 'skipped' | 'failed'; message: string }) => void;
  onChanged: () => void;
}

export type EscalateOutcome = { ok: true; detail: string } | { ok: false; message: string };

const isoOf = (at: number | null): string => (at === null ? '?' : new Date(at).toISOString());

/** How long an escalation whose alerts stopped firing waits for their resolved notification before looking again. */
const RESOLVE_WAIT_MS = 60_000;

/** Ended escalations are kept this long (the Alerts page shows who acknowledged what). */
const KEEP_MS = 30 * 86_400_000;

/**
 * Escalation policies at work: level 1 is paged when a notification arrives; when nobody
 * acknowledges its alerts within the level's `after`, the next level is paged, and after the last
 * the policy starts again `repeat` times. Each pending escalation's next time is kept in SQLite, so
 * a restart picks up where it stopped; time comes from the injected clock. A level whose person
 * cannot be paged (no such user any more, nobody on call, no channels) is skipped with an audited
 * message. Acknowledging every firing alert of the group stops it, naming who and when.
 */
export class Escalator {
  private readonly store: EscalationStore;
  private readonly wakeUp: WakeUp;
  private stopped = false;

  constructor(private readonly deps: EscalatorDeps) {
    this.store = new EscalationStore(deps.db);
    this.wakeUp = new WakeUp(deps.clock, () => this.tick());
  }

  /** After the workspace is known: whatever came due while Zervigo was stopped is paged now. */
  start(): void {
    this.tick();
  }

  stop(): void {
    this.stopped = true;
    this.wakeUp.cancel();
  }

  /** A notification for oncall:<policy>: starts (or updates) the group's escalation, or ends it when resolved. */
  escalate(request: EscalationRequest): EscalateOutcome {
    const policy = this.deps.config().escalations[request.policy];
    if (policy === undefined) {
      const known = Object.keys(this.deps.config().escalations);
      return {
        ok: false,
        message: `no escalation policy "${request.policy}" under on_call.escalations${known.length > 0 ? ` (policies: ${known.join(', ')})` : ''}`,
      };
    }
    const now = this.deps.clock.now();
    if (request.status === 'resolved') return { ok: true, detail: this.resolve(request, now) };
    if (request.fingerprints.length === 0)
      return { ok: false, message: "nothing is firing to escalate (a test or a report pages nobody; send those to the people's own channels)" };
    const pending = this.store.pending(request.policy, request.groupKey);
    const stored = { title: request.title, notification: JSON.stringify(request.notification), fingerprints: request.fingerprints };
    if (pending !== undefined) {
      this.store.refresh(pending.id, stored);
      return { ok: true, detail: `escalation #${pending.id} is under way at level ${pending.level + 1}; not paged again` };
    }
    const acks = request.fingerprints.map((fingerprint) => this.deps.alertAck(fingerprint)).filter((ack) => ack !== undefined);
    if (acks.length > 0 && acks.every((ack) => ack !== null)) return { ok: true, detail: `already acknowledged by ${acks.map((ack) => ack?.by).join(', ')}` };
    const row = this.store.create({ policy: request.policy, groupKey: request.groupKey, at: now, ...stored });
    const detail = this.advance(row, policy, now);
    this.afterChange();
    return { ok: true, detail };
  }

  /**
   * An alert was acknowledged: every pending escalation holding it stops once all of its firing
   * alerts are acknowledged (one of two alerts acknowledged still pages about the other).
   */
  acknowledged(fingerprint: string): void {
    let changed = false;
    for (const row of this.store.allPending()) {
      if (!(JSON.parse(row.fingerprints) as string[]).includes(fingerprint)) continue;
      changed = this.stopIfAcknowledged(row, this.deps.clock.now()) || changed;
    }
    if (changed) this.afterChange();
  }

  /**
   * The person paged (or anyone who may operate) acknowledges the page: the escalation stops where
   * it is, naming who and when, and each of its alerts still firing and unacknowledged is
   * acknowledged by them too, so the group's next reminder pages nobody. One that ran through every
   * level can still be acknowledged, late (it keeps saying nobody answered in time); one already
   * acknowledged or resolved is refused, saying by whom or when.
   */
  acknowledge(id: number, by: string, comment: string): EscalationView {
    const row = this.store.get(id);
    if (row === undefined) throw new ZervigoError('not_found', `no escalation #${id}; \`zervigo oncall escalations --all\` lists them`);
    if (row.acked_by !== null)
      throw new ZervigoError('conflict', `escalation #${id} (${row.title}) was already acknowledged by ${row.acked_by} at ${isoOf(row.acked_at)}`);
    if (row.state === 'resolved')
      throw new ZervigoError(
        'conflict',
        `escalation #${id} (${row.title}) ended when its alerts resolved at ${isoOf(row.ended_at)}; there is nothing to acknowledge`,
      );
    const now = this.deps.clock.now();
    const ack = { by, at: now };
    if (row.state === 'pending') this.store.end(id, 'acknowledged', now, ack);
    else this.store.acknowledgeLate(id, ack);
    const paged = this.store
      .pages(id)
      .filter((page) => page.outcome === 'paged' && page.person !== null)
      .map((page) => page.person as string);
    this.deps.audit({
      actor: by,
      action: 'oncall.acknowledge',
      target: row.policy,
      outcome: 'ok',
      message:
        `${by} acknowledged ${row.title} at level ${row.level + 1}: escalation #${id} ${row.state === 'pending' ? 'stopped' : 'had already run out of levels'}` +
        `${paged.length > 0 ? ` (paged: ${[...new Set(paged)].join(', ')})` : ''}${comment !== '' ? ` — ${comment}` : ''}`,
    });
    // After the escalation ended, so hearing of these acknowledgements (acknowledged()) finds nothing left to stop.
    for (const fingerprint of JSON.parse(row.fingerprints) as string[])
      if (this.deps.alertAck(fingerprint) === null) this.deps.acknowledgeAlert(fingerprint, { by, at: now, comment });
    this.afterChange();
    return this.view(this.store.get(id) as EscalationRow);
  }

  views(limit = 100): EscalationView[] {
    return this.store.recent(limit).map((row) => this.view(row));
  }

  pendingViews(): EscalationView[] {
    return this.store.allPending().map((row) => this.view(row));
  }

  prune(): void {
    this.store.prune(this.deps.clock.now() - KEEP_MS);
  }

  private view(row: EscalationRow): EscalationView {
    const policy = this.deps.config().escalations[row.policy];
    return {
      id: row.id,
      policy: row.policy,
      groupKey: row.group_key,
      title: row.title,
      state: row.state,
      level: row.level + 1,
      levels: policy?.levels.length ?? 0,
      round: row.round,
      startedAt: row.started_at,
      nextAt: row.next_at,
      // A policy no longer in the workspace stops the escalation at its next time.
      next: row.next_at === null ? null : policy === undefined ? { kind: 'end' } : nextStepOf(row.level, row.round, policy.levels.length, policy.repeat),
      acknowledgedBy: row.acked_by,
      acknowledgedAt: row.acked_at,
      endedAt: row.ended_at,
      pages: this.store.pages(row.id),
    };
  }

  private tick(): void {
    if (this.stopped) return;
    const now = this.deps.clock.now();
    let changed = false;
    for (const row of this.store.due(now)) {
      try {
        if (this.stopIfAcknowledged(row, now)) {
          changed = true;
          continue;
        }
        if (!this.anyFiring(row)) {
          // Its alerts resolved; the resolved notification (at the group's next flush) ends it and tells those paged.
          this.store.setProgress(row.id, row.level, row.round, now + RESOLVE_WAIT_MS);
          continue;
        }
        const policy = this.deps.config().escalations[row.policy];
        if (policy === undefined) {
          this.store.end(row.id, 'exhausted', now);
          this.deps.audit({
            actor: 'oncall',
            action: 'oncall.escalate',
            target: row.policy,
            outcome: 'failed',
            message: `escalation #${row.id} (${row.title}) stopped: the policy "${row.policy}" is no longer in the workspace`,
          });
        } else this.advance(row, policy, now);
        changed = true;
      } catch (error) {
        this.deps.logger.error({ err: error, escalation: row.id }, 'escalating failed');
      }
    }
    if (changed) this.afterChange();
    else this.schedule();
  }

  private afterChange(): void {
    this.schedule();
    this.deps.onChanged();
  }

  private schedule(): void {
    if (this.stopped) return;
    const next = this.store.nextDueAt();
    if (next !== null) this.wakeUp.at(next);
  }

  private anyFiring(row: EscalationRow): boolean {
    return (JSON.parse(row.fingerprints) as string[]).some((fingerprint) => this.deps.alertAck(fingerprint) !== undefined);
  }

  private stopIfAcknowledged(row: EscalationRow, now: number): boolean {
    const acks = (JSON.parse(row.fingerprints) as string[]).map((fingerprint) => this.deps.alertAck(fingerprint)).filter((ack) => ack !== undefined);
    if (acks.length === 0 || acks.some((ack) => ack === null)) return false;
    const last = (acks as { by: string; at: number }[]).reduce((a, b) => (b.at > a.at ? b : a));
    this.store.end(row.id, 'acknowledged', now, last);
    this.deps.audit({
      actor: last.by,
      action: 'oncall.acknowledge',
      target: row.policy,
      outcome: 'ok',
      message: `${last.by} acknowledged ${row.title} at level ${row.level + 1}: escalation #${row.id} stopped`,
    });
    return true;
  }

  /** Pages the next level that can be paged (skipping, with a message, those that cannot); returns what it did. */
  private advance(row: EscalationRow, policy: EscalationConfig, now: number): string {
    let level = row.level;
    let round = row.round;
    const said: string[] = [];
    // Every level of every round at most once: a policy whose every level is skipped ends.
    for (let step = 0; step < policy.levels.length * (policy.repeat + 1); step++) {
      level++;
      if (level >= policy.levels.length) {
        if (round >= policy.repeat) break;
        level = 0;
        round++;
      }
      const config = policy.levels[level] as EscalationLevelConfig;
      const target = this.targetOf(config, now);
      if ('skip' in target) {
        const message = `level ${level + 1} skipped: ${target.skip}`;
        this.store.addPage(row.id, { at: now, level: level + 1, round, person: target.person, channels: [], outcome: 'skipped', message });
        this.deps.audit({ actor: 'oncall', action: 'oncall.escalate', target: row.policy, outcome: 'skipped', message: `${row.title}: ${message}` });
        said.push(message);
        this.store.setProgress(row.id, level, round, now);
        continue;
      }
      for (const channel of target.channels)
        this.deps.page(
          { key: `oncall-${row.id}-r${round}-l${level + 1}-${channel}`, channel, policy: row.policy, level: level + 1, person: target.person, resolved: false },
          JSON.parse(row.notification),
        );
      const message = `paged ${target.person} (level ${level + 1}${round > 0 ? `, round ${round + 1}` : ''}) through ${target.channels.join(', ')}`;
      this.store.addPage(row.id, { at: now, level: level + 1, round, person: target.person, channels: target.channels, outcome: 'paged', message });
      this.store.setProgress(row.id, level, round, now + config.after);
      this.deps.audit({ actor: 'oncall', action: 'oncall.escalate', target: row.policy, outcome: 'ok', message: `${row.title}: ${message}` });
      said.push(message);
      return said.join('; ');
    }
    const message = `nobody acknowledged ${row.title} after every level of "${row.policy}"${policy.repeat > 0 ? ` (${policy.repeat + 1} rounds)` : ''}`;
    this.store.end(row.id, 'exhausted', now);
    this.deps.audit({ actor: 'oncall', action: 'oncall.escalate', target: row.policy, outcome: 'failed', message });
    said.push(message);
    return said.join('; ');
  }

  private targetOf(level: EscalationLevelConfig, now: number): { person: string; channels: string[] } | { skip: string; person: string | null } {
    const onCall = this.deps.config();
    let person = level.person;
    if (level.schedule !== undefined) {
      const schedule = onCall.schedules[level.schedule];
      if (schedule === undefined) return { skip: `the schedule "${level.schedule}" is no longer in the workspace`, person: null };
      person = onCallAt(schedule, now)?.person;
      if (person === undefined) return { skip: `nobody is on call in "${level.schedule}" now`, person: null };
    }
    if (person === undefined) return { skip: 'the level names nobody', person: null };
    if (!this.deps.userExists(person)) return { skip: `${person} is not a user (removed?); \`zervigo users list\` shows who is`, person };
    const channels = level.notify ?? onCall.contacts[person] ?? [];
    if (channels.length === 0) return { skip: `${person} has no channels: add them under on_call.contacts.${person}, or notify: on the level`, person };
    return { person, channels };
  }

  /** Ends the group's escalation and tells those already paged (through the channels they were paged on). */
  private resolve(request: EscalationRequest, now: number): string {
    const row = this.store.openOrAcknowledged(request.policy, request.groupKey);
    if (row === undefined) return 'no escalation under way for this group';
    const paged = new Map<string, string>();
    for (const page of this.store.pages(row.id))
      if (page.outcome === 'paged' && page.person !== null) for (const channel of page.channels) paged.set(channel, page.person);
    for (const [channel, person] of paged)
      this.deps.page(
        { key: `oncall-${row.id}-resolved-${channel}`, channel, policy: row.policy, level: row.level + 1, person, resolved: true },
        request.notification,
      );
    this.store.end(row.id, 'resolved', now);
    this.afterChange();
    return `escalation #${row.id} resolved${paged.size > 0 ? `; told ${[...new Set(paged.values())].join(', ')}` : ''}`;
  }
}
