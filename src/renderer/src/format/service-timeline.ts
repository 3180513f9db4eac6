import { actorWords } from '../../../shared/actor-words';
import type { ProbeStatus, ProbeTransition } from '../../../shared/types/monitoring';
import type { AuditEntry } from '../../../shared/types/operate';
import { formatSpan } from './duration';
import type { Tone } from './service-status';

/**
 * A service's history as an operator tells it: "restarted automatically after it exited —
 * down 1.4 s", "down for 3 min: connection refused", "stopped by the web console". Built from
 * its probes' status changes and its audit entries, with the steps in between (paused →
 * unknown → pending → up) folded into the one event that caused them.
 */
export type TimelineKind = 'outage' | 'restart' | 'start' | 'stop' | 'gave_up' | 'reset' | 'paused' | 'config';

export interface TimelineEntry {
  kind: TimelineKind;
  at: number;
  /** When it was over (back up, started again); null while it lasts; equal to `at` for a moment (a config change). */
  end: number | null;
  tone: Tone;
  title: string;
  /** The reason or outcome, in words. */
  detail: string | null;
  /** The audit entry behind it, for a link. */
  auditId: number | null;
}

/** The lifecycle actions the timeline tells (reveals, terminals and the like are not events of the service). */
const LIFECYCLE = new Set(['start', 'stop', 'restart', 'give_up', 'reset']);
/** A probe status change this close before a lifecycle action belongs to it (the pause its stop caused). */
const SLACK_MS = 2_000;

type Health = 'up' | 'failing' | 'down' | 'paused' | 'unknown';

interface Segment {
  at: number;
  health: Health;
  reason: string | null;
}

interface LifecycleEvent {
  kind: 'restart' | 'start' | 'stop' | 'gave_up' | 'reset';
  at: number;
  end: number;
  automatic: boolean;
  actor: string;
  failed: boolean;
  message: string | null;
  auditId: number;
}

/** The service's probe health over time (any down → down, any pending → failing, all up → up), only its changes. */
export function healthSegments(probes: readonly string[], transitions: readonly ProbeTransition[]): Segment[] {
  const status = new Map<string, ProbeStatus>(probes.map((id) => [id, 'unknown']));
  const reasons = new Map<string, string | null>();
  const segments: Segment[] = [];
  const sorted = [...transitions].filter((change) => status.has(change.probeId)).sort((a, b) => a.at - b.at);
  for (const change of sorted) {
    status.set(change.probeId, change.status);
    reasons.set(change.probeId, change.reason);
    const active = [...status.entries()].filter(([, value]) => value !== 'paused');
    let health: Health;
    let reason: string | null = null;
    const failing = active.find(([, value]) => value === 'down') ?? active.find(([, value]) => value === 'pending');
    if (active.length === 0) {
      health = 'paused';
      reason = change.status === 'paused' ? change.reason : null;
    } else if (failing !== undefined) {
      health = failing[1] === 'down' ? 'down' : 'failing';
      reason = reasons.get(failing[0]) ?? null;
    } else health = active.every(([, value]) => value === 'up') ? 'up' : 'unknown';
    const last = segments.at(-1);
    if (last !== undefined && last.health === health) {
      // A worse reason may arrive while the health stays (refused becomes timed out): keep the first.
      continue;
    }
    segments.push({ at: change.at, health, reason });
  }
  return segments;
}

/** Audit entries as lifecycle events: a stop and a start of one operation are one restart. */
export function lifecycleEvents(entries: readonly AuditEntry[]): LifecycleEvent[] {
  const wanted = entries
    .filter((entry) => LIFECYCLE.has(entry.action) && entry.outcome !== 'skipped' && entry.outcome !== 'refused')
    .sort((a, b) => a.at - b.at || a.id - b.id);
  const events: LifecycleEvent[] = [];
  const byOperation = new Map<string, LifecycleEvent>();
  for (const entry of wanted) {
    const end = entry.at + (entry.durationMs ?? 0);
    const failed = entry.outcome === 'failed' || entry.outcome === 'interrupted';
    const grouped = entry.operation === null ? undefined : byOperation.get(entry.operation);
    if (grouped !== undefined && grouped.kind === 'stop' && entry.action === 'start') {
      grouped.kind = 'restart';
      grouped.end = end;
      grouped.failed ||= failed;
      grouped.message = entry.message ?? grouped.message;
      continue;
    }
    const automatic = entry.actor === 'supervisor' || entry.actor.startsWith('rule:');
    const kind = entry.action === 'give_up' ? 'gave_up' : (entry.action as LifecycleEvent['kind']);
    const event: LifecycleEvent = { kind, at: entry.at, end, automatic, actor: entry.actor, failed, message: entry.message, auditId: entry.id };
    events.push(event);
    if (entry.operation !== null) byOperation.set(entry.operation, event);
  }
  return events;
}

/** What an automatic restart was for: the supervisor writes "why → what happened". */
function whyOf(message: string | null): string | null {
  if (message === null) return null;
  const arrow = message.indexOf(' → ');
  return arrow < 0 ? message : message.slice(0, arrow);
}

function describeEvent(event: LifecycleEvent, span: { start: number; end: number | null; backUp: boolean }): Omit<TimelineEntry, 'at' | 'end'> {
  const by = actorWords(event.actor);
  const lasted = span.end === null ? null : formatSpan(span.end - span.start);
  switch (event.kind) {
    case 'restart':
      if (event.automatic) {
        const why = whyOf(event.message);
        return {
          kind: 'restart',
          // Nobody asked for it: something failed. An outage, like a crash.
          tone: 'critical',
          title: event.actor === 'supervisor' ? 'Restarted automatically' : `Restarted by ${by}`,
          detail:
            [why, event.failed ? `the restart failed: ${event.message ?? ''}` : span.backUp && lasted !== null ? `down ${lasted}` : null]
              .filter((part) => part !== null)
              .join(' — ') || null,
          auditId: event.auditId,
        };
      }
      return {
        kind: 'restart',
        tone: event.failed ? 'critical' : 'neutral',
        title: `Restarted by ${by}`,
        detail: event.failed ? event.message : span.backUp && lasted !== null ? `back up after ${lasted}` : null,
        auditId: event.auditId,
      };
    case 'start':
      return {
        kind: 'start',
        tone: event.failed ? 'critical' : 'neutral',
        title: `Started by ${by}`,
        detail: event.failed ? event.message : span.backUp && lasted !== null ? `up after ${lasted}` : null,
        auditId: event.auditId,
      };
    case 'stop':
      return {
        kind: 'stop',
        tone: 'neutral',
        title: `Stopped by ${by}`,
        detail: lasted === null ? 'still stopped' : `stopped for ${lasted}`,
        auditId: event.auditId,
      };
    case 'gave_up':
      return { kind: 'gave_up', tone: 'critical', title: 'Gave up restarting', detail: event.message, auditId: event.auditId };
    case 'reset':
      return { kind: 'reset', tone: 'neutral', title: `Reset by ${by}`, detail: event.message, auditId: event.auditId };
  }
}

function outageEntry(pieces: readonly Segment[], start: number, end: number | null): TimelineEntry | null {
  const failing = pieces.filter((segment) => segment.health === 'down' || segment.health === 'failing');
  if (failing.length === 0) {
    const paused = pieces.find((segment) => segment.health === 'paused');
    if (paused === undefined) return null;
    return { kind: 'paused', at: start, end, tone: 'neutral', title: 'Checks paused', detail: paused.reason, auditId: null };
  }
  const down = failing.some((segment) => segment.health === 'down');
  const lasted = end === null ? 'ongoing' : formatSpan(end - start);
  return {
    kind: 'outage',
    at: start,
    end,
    tone: down ? 'critical' : 'warning',
    title: down ? `Down ${end === null ? '(ongoing)' : `for ${lasted}`}` : `Checks failing ${end === null ? '(ongoing)' : `for ${lasted}`}, within the retries`,
    detail: (failing.find((segment) => segment.health === 'down') ?? failing[0])?.reason ?? null,
    auditId: null,
  };
}

/**
 * The entries, newest first. An episode is a stretch away from "up"; the lifecycle events in it
 * cut it into pieces: failures before the first event are an outage of their own, the rest of
 * each piece (paused, unknown, the first failed checks of a starting process) belongs to its event.
 */
export function buildTimeline(input: {
  probes: readonly string[];
  transitions: readonly ProbeTransition[];
  audit: readonly AuditEntry[];
  versions?: readonly { id: number; at: number }[];
}): TimelineEntry[] {
  const segments = healthSegments(input.probes, input.transitions);
  const events = lifecycleEvents(input.audit);
  const entries: TimelineEntry[] = [];
  const used = new Set<LifecycleEvent>();

  let index = 0;
  while (index < segments.length) {
    if ((segments[index] as Segment).health === 'up') {
      index++;
      continue;
    }
    const first = index;
    while (index < segments.length && (segments[index] as Segment).health !== 'up') index++;
    const episode = segments.slice(first, index);
    const start = (episode[0] as Segment).at;
    const end = index < segments.length ? (segments[index] as Segment).at : null;
    const inside = events.filter((event) => !used.has(event) && event.at >= start - SLACK_MS && (end === null || event.at <= end));
    for (const event of inside) used.add(event);
    const cuts = inside.map((event) => Math.max(event.at, start));
    const before = episode.filter((segment) => cuts.length === 0 || segment.at < (cuts[0] as number));
    const outage =
      cuts.length === 0
        ? outageEntry(episode, start, end)
        : before.some((segment) => segment.health === 'down' || segment.health === 'failing')
          ? outageEntry(before, start, cuts[0] as number)
          : null;
    if (outage !== null) entries.push(outage);
    inside.forEach((event, i) => {
      // The quiet stretch before the first event (its process gone, probes paused) is part of it.
      const from = i === 0 && outage === null ? start : (cuts[i] as number);
      const until = i + 1 < inside.length ? (cuts[i + 1] as number) : end;
      const backUp = i + 1 === inside.length && end !== null;
      entries.push({ ...describeEvent(event, { start: from, end: until, backUp }), at: from, end: until });
    });
  }
  // Events the probes did not see (a service without probes, a start while it was stopped).
  for (const event of events) {
    if (used.has(event)) continue;
    const next = events.find((other) => other.at > event.at);
    const end = event.kind === 'stop' ? (next?.at ?? null) : event.end;
    entries.push({ ...describeEvent(event, { start: event.at, end, backUp: false }), at: event.at, end });
  }
  for (const version of input.versions ?? []) {
    entries.push({
      kind: 'config',
      at: version.at,
      end: version.at,
      tone: 'neutral',
      title: `Workspace version ${version.id} applied`,
      detail: null,
      auditId: null,
    });
  }
  return entries.sort((a, b) => b.at - a.at);
}
