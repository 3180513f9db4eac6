/** One stretch of time a person is on call in a schedule. */
export interface OnCallShiftView {
  person: string;
  start: number;
  end: number;
  /** A rotation layer's turn, or an override. */
  source: 'rotation' | 'override';
  /** The layer (1-based, as people count) of a rotation shift; null for an override. */
  layer: number | null;
}

/** Who is on call in one schedule now, since when, until when, and who is next. */
export interface OnCallNowView {
  schedule: string;
  timeZone: string;
  /** null when the schedule has nobody on call now (a gap, or before its first shift). */
  person: string | null;
  source: OnCallShiftView['source'] | null;
  since: number | null;
  until: number | null;
  next: { person: string; start: number } | null;
}

export interface OnCallLayerView {
  people: string[];
  lengthDays: number;
  handOff: string;
  start: string;
  end: string | null;
  /** The weekly windows the layer is active in, as written ("mon-fri 09:00-17:00"); empty: all the time. */
  restrictions: string[];
}

export interface OnCallOverrideView {
  person: string;
  from: number;
  to: number;
}

/** A schedule as written, and its shifts over a range. */
export interface OnCallScheduleView {
  name: string;
  timeZone: string;
  layers: OnCallLayerView[];
  overrides: OnCallOverrideView[];
  from: number;
  to: number;
  shifts: OnCallShiftView[];
}

/** One level reached (or passed over) in an escalation. */
export interface EscalationPageView {
  at: number;
  /** 1-based, as in messages. */
  level: number;
  round: number;
  person: string | null;
  channels: string[];
  outcome: 'paged' | 'skipped';
  message: string;
}

export type EscalationState = 'pending' | 'acknowledged' | 'resolved' | 'exhausted';

/** What an unacknowledged escalation does next: page the next level (1-based), start the policy again (round 1-based), or end. */
export type EscalationNextStep = { kind: 'level'; level: number } | { kind: 'repeat'; round: number; rounds: number } | { kind: 'end' };

/** An escalation: one notification group paged through a policy, level by level, until acknowledged. */
export interface EscalationView {
  id: number;
  policy: string;
  groupKey: string;
  title: string;
  state: EscalationState;
  /** The level paged last (1-based); 0 before any. */
  level: number;
  levels: number;
  round: number;
  startedAt: number;
  /** When `next` happens unless someone acknowledges; null once it has ended. */
  nextAt: number | null;
  /** What happens at nextAt (a one-level policy pages no "next level"); null once it has ended. */
  next: EscalationNextStep | null;
  acknowledgedBy: string | null;
  acknowledgedAt: number | null;
  endedAt: number | null;
  pages: EscalationPageView[];
}

/** One page an escalation decided: the notification to one of a person's channels; the key is the same for every attempt and across restarts. */
export interface EscalationPage {
  key: string;
  channel: string;
  policy: string;
  /** 1-based. */
  level: number;
  person: string;
  /** Telling those paged that the alerts resolved. */
  resolved: boolean;
}
