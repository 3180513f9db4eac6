import type { EvidenceLink } from '../../../shared/types/incidents';

/**
 * Changes shortly before the onset: a workspace version that touched a service, a deploy or a
 * rollback, a person's restart, stop or start. Most incidents follow a change, so one that
 * touched a service with a symptom (or a neighbour of one: an upstream change that overloads a
 * healthy dependency) just before the onset outranks the services themselves. Automatic
 * restarts are reactions, not causes, and are not passed in. A change after the onset did not
 * cause it.
 */
export interface ChangeRecord {
  /** "workspace version 7", "deploy api", "restart api". */
  target: string;
  kind: 'workspace' | 'deploy' | 'restart' | 'other';
  at: number;
  /** The services it touched (a workspace version: those whose settings changed). */
  services: readonly string[];
  actor: string;
  /** What changed, in words ("api: env.RETRIES 0 → 50"). */
  detail: string;
  link: EvidenceLink;
}

export interface ChangeScore {
  change: ChangeRecord;
  score: number;
  /** Why, in words. */
  reason: string;
}

/** Within this long before the onset a change counts fully; older ones fade (half-life) until the horizon. */
export const CHANGE_FULL_MS = 2 * 60_000;
export const CHANGE_HALF_LIFE_MS = 10 * 60_000;
export const CHANGE_HORIZON_MS = 60 * 60_000;

export function changeTimingScore(lagMs: number): number {
  if (lagMs < 0 || lagMs > CHANGE_HORIZON_MS) return 0;
  if (lagMs <= CHANGE_FULL_MS) return 1;
  return 0.5 ** ((lagMs - CHANGE_FULL_MS) / CHANGE_HALF_LIFE_MS);
}

/**
 * `symptomatic`: services with a symptom in this incident; `neighbours`: services linked to one
 * of them (declared or inferred, either way).
 */
export function scoreChanges(
  changes: readonly ChangeRecord[],
  onset: number,
  symptomatic: ReadonlySet<string>,
  neighbours: ReadonlySet<string>,
): ChangeScore[] {
  const scored: ChangeScore[] = [];
  for (const change of changes) {
    const timing = changeTimingScore(onset - change.at);
    if (timing === 0) continue;
    const touchesSymptom = change.services.some((service) => symptomatic.has(service));
    const touchesNeighbour = change.services.some((service) => neighbours.has(service));
    // A restart, start or stop rarely causes what follows: below a service with evidence of its own.
    const relevance =
      change.kind === 'restart' || change.kind === 'other'
        ? touchesSymptom
          ? 0.6
          : 0.2
        : touchesSymptom
          ? 1
          : touchesNeighbour
            ? 0.95
            : change.services.length === 0
              ? 0.5
              : 0.25;
    const where = touchesSymptom ? 'a service with a symptom' : touchesNeighbour ? 'a neighbour of a service with a symptom' : 'no service with a symptom';
    scored.push({ change, score: timing * relevance, reason: `${formatLag(onset - change.at)} before the onset; it touched ${where}` });
  }
  return scored.sort((a, b) => b.score - a.score);
}

function formatLag(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}
