import type { ServiceStatus } from '../../../../shared/types/service';
import type { Clause } from '../clause';
import type { PlanContext } from './intent';

/** What "down", "crashed", "failing", "挂了" pick: the statuses the console shows red. */
const DOWN_STATUSES: ReadonlySet<ServiceStatus> = new Set(['down', 'restarting', 'given_up']);
/** What "the stopped services" pick ("start the stopped services"). */
const STOPPED_STATUSES: ReadonlySet<ServiceStatus> = new Set(['stopped']);
const STOPPED_WORDS = new Set(['stopped', '停了的', '停掉的', '没启动的']);

export type StateChoice = { kind: 'services'; services: string[] } | { kind: 'unknown'; state: 'down' | 'stopped' } | { kind: 'none'; message: string };

/**
 * "restart whatever is down", "restart everything that crashed", "重启挂了的服务": services picked by
 * their state, not by name. Null when the clause names no state (or the state is a condition:
 * "restart api if it crashes" is asked about elsewhere). Read "everything that crashed" as "all"
 * and every service would restart, the running ones too — the wrong action.
 */
export function servicesInState(clause: Clause, context: PlanContext, verb: string): StateChoice | null {
  const state = stateNamed(clause);
  if (state === null || clause.has('condition')) return null;
  if (context.serviceStatuses === null) return { kind: 'unknown', state };
  const statuses = context.serviceStatuses();
  const names = clause.vocabulary.services.map((service) => service.name);
  const except = clause.serviceTargets().except;
  const picked = state === 'down' ? DOWN_STATUSES : STOPPED_STATUSES;
  const inState = names.filter((name) => !except.includes(name) && picked.has(statuses[name] ?? 'unknown'));
  if (inState.length > 0) return { kind: 'services', services: inState };
  const counts = new Map<string, number>();
  for (const name of names) counts.set(statuses[name] ?? 'unknown', (counts.get(statuses[name] ?? 'unknown') ?? 0) + 1);
  const summary = [...counts].map(([status, count]) => `${count} ${status.replace('_', ' ')}`).join(', ');
  return { kind: 'none', message: `No service is ${state} now (${summary}); nothing to ${verb.toLowerCase()}.` };
}

/** Verbs whose particle is "down" ("shut everything down", "take the api down"): that "down" is the verb's, not a state. */
const DOWN_PARTICLE_VERBS = new Set(['shut', 'spin', 'take', 'bring', 'turn', 'power', 'wind', 'close', 'tear', 'shutting', 'taking', 'bringing']);

function stateNamed(clause: Clause): 'down' | 'stopped' | null {
  // "start the stopped services"; "stop the stopped" says nothing ("stopped" is then the verb's own word).
  if (!clause.has('verb:stop') || clause.has('verb:start') || clause.has('verb:restart'))
    if (clause.words.some((word) => STOPPED_WORDS.has(word.token.lower))) return 'stopped';
  return namesDown(clause) ? 'down' : null;
}

function namesDown(clause: Clause): boolean {
  return clause.words.some(
    (word, i) =>
      word.concepts.has('symptom:down') &&
      !(word.token.lower === 'down' && clause.words.slice(0, i).some((before) => DOWN_PARTICLE_VERBS.has(before.token.lower))),
  );
}
