import type { Labels } from './labels';

export type AlertState = 'pending' | 'firing' | 'resolved';

/** An alert as the state machine keeps it (and the store persists it). */
export interface AlertRecord {
  ruleId: string;
  fingerprint: string;
  labels: Labels;
  annotations: Record<string, string>;
  state: AlertState;
  value: number | null;
  /** When it became pending (this episode). */
  activeAt: number;
  firedAt: number | null;
  resolvedAt: number | null;
  /** The last evaluation whose result contained it. */
  lastSeenAt: number;
  /** Since when keep_firing_for holds it firing after its condition stopped. */
  keepFiringSince: number | null;
  flapping: boolean;
  /** Times of its recent firing/resolved changes, for flap detection. */
  changes: number[];
  ack: { by: string; at: number; comment: string } | null;
}

/** One state change, for the timeline, the router and whoever listens (automation). */
export interface AlertTransition {
  record: AlertRecord;
  from: AlertState | 'inactive';
  to: AlertState | 'inactive';
  at: number;
}

export const EXTERNAL_RULE_ID = 'external';
