import type { RankedCause } from './engine-ranking';

/**
 * What a ranking names, reduced to what a case's ground truth can be checked against: a
 * service (a cause of kind service, or a series or log pattern of that service) or a change.
 * Several causes of the same service count once, at the rank of the first.
 */
export type Culprit = { kind: 'service'; service: string } | { kind: 'change'; target: string; text: string };

/** The injected cause: a service, or a change made to that service's definition (saved as workspace `versionId`, then a restart). */
export interface GroundTruth {
  service: string;
  change: boolean;
  versionId?: number;
}

const mentions = (text: string, service: string): boolean => new RegExp(`(^|[^A-Za-z0-9_-])${service}([^A-Za-z0-9_-]|$)`).test(text);

function serviceOf(cause: RankedCause, services: string[]): string | null {
  if (cause.kind === 'service') return cause.target;
  if (typeof cause.service === 'string') return cause.service;
  const label = /service="([^"]+)"/.exec(cause.target)?.[1];
  if (label !== undefined) return label;
  const evidence = JSON.stringify(cause.evidence ?? []);
  const fromEvidence = /"service":"([^"]+)"/.exec(evidence)?.[1];
  if (fromEvidence !== undefined) return fromEvidence;
  return services.find((service) => mentions(cause.target, service)) ?? null;
}

export function culpritsOf(causes: RankedCause[], services: string[]): Culprit[] {
  const seen = new Set<string>();
  const culprits: Culprit[] = [];
  causes.forEach((cause, index) => {
    let culprit: Culprit | null;
    let key: string;
    if (cause.kind === 'change') {
      culprit = { kind: 'change', target: cause.target, text: JSON.stringify(cause.evidence ?? []) };
      key = `change:${cause.target}:${index}`;
    } else {
      const service = serviceOf(cause, services);
      culprit = service === null ? null : { kind: 'service', service };
      key = `service:${service ?? ''}`;
    }
    if (culprit === null || seen.has(key)) return;
    seen.add(key);
    culprits.push(culprit);
  });
  return culprits;
}

/**
 * A change must be named as the change that was made: the workspace version it saved (in the
 * target or an evidence link) or the restart that applied it — not an earlier start of the same
 * service. A fault in a service must be named as that service.
 */
export function engineHit(culprit: Culprit | undefined, truth: GroundTruth): boolean {
  if (culprit === undefined) return false;
  if (!truth.change) return culprit.kind === 'service' && culprit.service === truth.service;
  if (culprit.kind !== 'change') return false;
  const version = truth.versionId;
  const namesVersion =
    version !== undefined && (new RegExp(`\\bversion ${version}\\b`).test(culprit.target) || new RegExp(`"versionId":${version}[,}]`).test(culprit.text));
  return namesVersion || new RegExp(`^restart ${truth.service}$`).test(culprit.target.trim());
}

/** Baselines can only name services: naming the changed service counts as right for them (in their favour). */
export const baselineHit = (service: string | undefined, truth: GroundTruth): boolean => service === truth.service;

export function topK<T>(ranked: T[], k: number, hit: (entry: T | undefined) => boolean): boolean {
  return ranked.slice(0, k).some((entry) => hit(entry));
}

export const culpritKey = (culprit: Culprit): string => (culprit.kind === 'service' ? `service:${culprit.service}` : `change:${culprit.target}`);
