/**
 * Incidents with ranked causes: what broke, what probably caused it, and the evidence for each
 * candidate. The shape of `GET /api/v1/incidents` and `zervigo incidents --json`.
 */

export type CauseKind = 'service' | 'series' | 'pattern' | 'change';

/** Where a claim can be checked: a chart (a PromQL selector over a range), log lines, an audit entry, a workspace version or an alert. */
export type EvidenceLink =
  | { kind: 'chart'; query: string; start: number; end: number }
  | { kind: 'logs'; service: string; query: string | null; start: number; end: number }
  | { kind: 'audit'; auditId: number }
  | { kind: 'workspace'; versionId: number; previousVersionId: number | null }
  | { kind: 'alert'; fingerprint: string };

export interface CauseEvidence {
  /** What this piece of evidence is: a robust deviation, the onset order, the dependency graph, a change before the onset, a log pattern, an alert, a cause confirmed before. */
  kind: 'deviation' | 'onset' | 'graph' | 'change' | 'pattern' | 'alert' | 'history';
  /** One plain sentence. */
  text: string;
  link: EvidenceLink | null;
}

export interface IncidentCause {
  kind: CauseKind;
  /** A service name; a series selector; "service: log template"; or a change ("workspace version 7", "restart api", "deploy api"). */
  target: string;
  /** The service the candidate belongs to or touched (null: the machine or the whole workspace). */
  service: string | null;
  /** 0..1, higher is more likely; comparable within one incident. */
  score: number;
  evidence: CauseEvidence[];
}

export interface IncidentAlert {
  fingerprint: string;
  alertname: string;
  service: string | null;
  firedAt: number;
  resolvedAt: number | null;
}

export interface IncidentAnomaly {
  /** The series' selector. */
  series: string;
  service: string | null;
  startedAt: number;
  endedAt: number | null;
}

/** A service that went down (or gave up) inside the incident. */
export interface IncidentOutage {
  service: string;
  status: string;
  at: number;
  reason: string | null;
}

export interface ConfirmedCause {
  kind: CauseKind;
  target: string;
  by: string;
  at: number;
}

export interface IncidentView {
  id: number;
  title: string;
  status: 'open' | 'resolved';
  /** The time span: the first symptom, and when the last one ended (null while open). */
  start: number;
  end: number | null;
  /** The services with a symptom (alert, outage, anomaly). */
  services: string[];
  alerts: IncidentAlert[];
  anomalies: IncidentAnomaly[];
  outages: IncidentOutage[];
  /** Ranked, best first; empty when nothing stands out (then `note` says so). */
  causes: IncidentCause[];
  /** Why the list is empty or thin, in words; null when causes speak for themselves. */
  note: string | null;
  rankedAt: number;
  /** How many times the ranking was worked out (it updates as evidence arrives). */
  rankings: number;
  confirmed: ConfirmedCause | null;
  /** The cause an operator confirmed on an earlier, similar incident. */
  previous: { incidentId: number; start: number; cause: ConfirmedCause } | null;
}

/** One sentence of an explanation and what it rests on. */
export interface ExplanationLine {
  text: string;
  links: EvidenceLink[];
}

export interface Explanation {
  /** What was asked, in words ("why is api down?"). */
  question: string;
  lines: ExplanationLine[];
  /** The incidents the answer drew on, newest first. */
  incidentIds: number[];
}
