import type { ConsoleApi } from './console-api';

/**
 * The engine's side, read through its checking interface: `GET /api/v1/incidents` lists
 * incidents newest first, each with its span and `causes`, a ranked list of
 * `{ kind: service | series | pattern | change, target, score, evidence }`.
 */
export interface RankedCause {
  kind: 'service' | 'series' | 'pattern' | 'change';
  target: string;
  /** The service the candidate belongs to or touched, where the engine says. */
  service?: string | null;
  score: number;
  evidence: unknown[];
}

export interface IncidentAnswer {
  id: unknown;
  startMs: number | null;
  endMs: number | null;
  causes: RankedCause[];
}

export type IncidentsRead = { available: true; incidents: IncidentAnswer[] } | { available: false; reason: string };

/** A time the engine may give as ms, unix seconds or an ISO string. */
function toMs(value: unknown): number | null {
  if (typeof value === 'number') return value < 1e11 ? value * 1000 : value;
  if (typeof value === 'string') {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? null : parsed;
  }
  return null;
}

function firstTime(record: Record<string, unknown>, names: string[]): number | null {
  for (const name of names) {
    const value = toMs(record[name]);
    if (value !== null) return value;
  }
  return null;
}

function asIncident(raw: unknown): IncidentAnswer {
  const record = (raw ?? {}) as Record<string, unknown>;
  const span = (record.span ?? {}) as Record<string, unknown>;
  const causes = Array.isArray(record.causes) ? (record.causes as RankedCause[]) : [];
  return {
    id: record.id,
    startMs: firstTime(record, ['start', 'startedAt', 'startMs', 'openedAt', 'from']) ?? firstTime(span, ['start', 'from']),
    endMs: firstTime(record, ['end', 'endedAt', 'endMs', 'closedAt', 'resolvedAt', 'to']) ?? firstTime(span, ['end', 'to']),
    causes: [...causes].filter((cause) => typeof cause === 'object' && cause !== null && typeof cause.kind === 'string'),
  };
}

export async function readIncidents(api: ConsoleApi): Promise<IncidentsRead> {
  const response = await api.raw('GET', '/incidents');
  const text = await response.text();
  const json = (response.headers.get('content-type') ?? '').includes('json');
  if (response.status === 404 || !json) {
    return {
      available: false,
      reason: `GET /api/v1/incidents answered ${response.status}${json ? '' : ' without JSON'}: the engine's incidents endpoint is missing`,
    };
  }
  if (!response.ok) return { available: false, reason: `GET /api/v1/incidents answered ${response.status}: ${text.slice(0, 200)}` };
  const body = JSON.parse(text) as unknown;
  const list = Array.isArray(body) ? body : ((body as { incidents?: unknown[] }).incidents ?? []);
  return { available: true, incidents: list.map(asIncident) };
}

/** The incident a fault that began at `onsetMs` belongs to: the newest one still open at, or opened after, the onset. */
export function incidentOfFault(incidents: IncidentAnswer[], onsetMs: number): IncidentAnswer | undefined {
  return incidents.find((incident) => incident.endMs === null || incident.endMs >= onsetMs);
}
