import type { Clause } from '../clause';
import { none, type ClausePlan } from './intent';

/**
 * The one service a list is narrowed to ("alerts of db", "insights for api"), none for all, or why
 * not: a name that does not exist, or several (the lists take one).
 */
export function listedService(clause: Clause, what: string): { service: string | undefined } | { plan: ClausePlan } {
  const targets = clause.serviceTargets();
  const unknown = targets.unknown[0];
  if (unknown !== undefined && targets.names.length === 0) return { plan: none(`There is no service "${unknown.text}" ${clause.knownServices()}.`) };
  if (targets.names.length > 1) return { plan: none(`${what} of one service at a time: ${targets.names.join(' or ')}?`) };
  return { service: targets.names[0] };
}

/** The plan of one listing command, remembering its service for "it" later in the sentence. */
export function listingPlan(command: ClausePlan & { kind: 'commands' }, service: string | undefined): ClausePlan {
  return service === undefined ? command : { ...command, services: [service] };
}
