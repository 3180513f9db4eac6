import type { RuleThreshold } from './explore';
/** Alerts, silences, rules and notifications as the console and the API see them. */
export type AlertState = 'pending' | 'firing' | 'resolved';

export interface AckView {
  by: string;
  at: number;
  comment: string;
}

export interface AlertView {
  fingerprint: string;
  /** The rule's id (group/alert), or "external" for an alert raised from code. */
  ruleId: string;
  alertname: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: AlertState;
  severity: string | null;
  value: number | null;
  activeAt: number;
  firedAt: number | null;
  resolvedAt: number | null;
  /** Held firing by keep_firing_for since this time. */
  keepFiringSince: number | null;
  /** Ids of the silences that match it now. */
  silencedBy: string[];
  /** Fingerprints of the firing alerts that inhibit it. */
  inhibitedBy: string[];
  /** Its route is in a mute time window now. */
  muted: boolean;
  flapping: boolean;
  ack: AckView | null;
  /** The channels its notifications go to (empty when no route matches). */
  channels: string[];
}

export type AlertEventKind = 'state' | 'flapping' | 'ack' | 'unack' | 'silenced' | 'notified';

export interface AlertEventView {
  id: number;
  fingerprint: string;
  alertname: string;
  at: number;
  kind: AlertEventKind;
  from: string | null;
  to: string | null;
  value: number | null;
  detail: string | null;
}

/** As in Alertmanager's API: `isEqual: false` negates, `isRegex` anchors a regular expression. */
export interface SilenceMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

export interface SilenceView {
  id: string;
  matchers: SilenceMatcher[];
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment: string;
  createdAt: number;
  state: 'active' | 'pending' | 'expired';
  /** How many current alerts it silences. */
  silencing: number;
  /** Where it lives when not in Zervigo: "alertmanager http://127.0.0.1:9093" (read-only here). */
  source?: string;
}

export type RuleHealth = 'ok' | 'error' | 'unknown';

export interface RuleView {
  id: string;
  group: string;
  name: string;
  expr: string;
  forMs: number;
  keepFiringForMs: number;
  intervalMs: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The worst state of its alerts: firing, pending, or inactive. */
  state: 'inactive' | 'pending' | 'firing';
  health: RuleHealth;
  lastEvalAt: number | null;
  lastDurationMs: number | null;
  lastError: string | null;
  /** Series in its last result, and the first one's value. */
  samples: number;
  value: number | null;
  firing: number;
  pending: number;
  /** What it does when it fires (`then:`), in words. */
  actions: string[];
  /** Its expression split for a graph: the side compared and the threshold (null: it does not parse). */
  graph: RuleThreshold | null;
}

/** A built-in channel kind, or one a plugin registers. */
export type ChannelKind = 'desktop' | 'slack' | 'email' | 'webhook' | (string & {});

export interface DeliveryView {
  at: number;
  ok: boolean;
  detail: string;
  durationMs: number;
}

export type NotificationStatus = 'pending' | 'delivered' | 'failed';

export interface NotificationView {
  id: number;
  key: string;
  channel: string;
  kind: ChannelKind;
  summary: string;
  status: NotificationStatus;
  attempts: number;
  createdAt: number;
  nextAttemptAt: number | null;
  deliveredAt: number | null;
  lastError: string | null;
  deliveries: DeliveryView[];
}

/** A channel kind the engine knows (built in or from a plugin): what the channel editor draws its form from. */
export interface ChannelKindView {
  /** The key a channel is written under (slack:, oncall:, discord:…). */
  kind: string;
  summary: string;
  /** The plugin that contributes it; null for a built-in kind. */
  plugin: string | null;
  /** The JSON Schema of the kind's options as written in the workspace file. */
  options: Record<string, unknown>;
}

export interface ChannelView {
  name: string;
  kind: ChannelKind;
  /** Where it sends, with secrets (webhook paths, passwords) left out. */
  target: string;
  sendResolved: boolean;
  pending: number;
  lastDelivery: (DeliveryView & { notificationId: number }) | null;
}

/** A desktop-channel notification: the Electron shell shows it natively, the web console as a toast. */
export interface DesktopNotice {
  key: string;
  title: string;
  body: string;
  severity: 'critical' | 'warning' | 'info' | 'resolved';
  fingerprints: string[];
}
