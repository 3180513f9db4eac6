import { LATER_BY_MS, type WalkEdge } from './dependency-walk';

/**
 * The services whose trouble began well after the top cause's and that show nothing of their own
 * (no resource of their own rose, no error lines of their own, they did not go down, no other
 * incident holds them): a cause comes before what it causes, so a service that began to suffer more
 * than LATER_BY_MS after the top cause moved did not begin this incident. Such a service is named
 * in the cause's evidence, not listed as a candidate beside it:
 * - one that calls the cause (directly or through other services, declared or seen in its logs) is
 *   its consequence, alerting or not: a leaking cache slowed api and gateway 35 s after its memory
 *   rose, and each joined the list as it slowed, the list still changing half a minute after the
 *   cause was clear;
 * - one that does not call it is later trouble of its own only when it alerts; unalerted, a probe
 *   that slowed 19 s after a leak began in a service it does not call (api beside a leaking worker,
 *   on a machine at load 5) joined the list, and another came and went, long after the cause was clear.
 * A service that moved with the cause, within seconds, stays a candidate: nothing yet tells which
 * of the two began it.
 */
export interface ConsequenceView {
  name: string;
  /** When it first moved (symptom or resource), if it did. */
  onset: number | null;
  /** How much evidence of its own it has (its resources, its own error lines): none makes it a pure victim. */
  intrinsic: number;
  down: boolean;
  alerted: boolean;
  /** Another incident holds it. */
  held: boolean;
}

export interface Consequence {
  name: string;
  onset: number;
  /** How long after the cause it began to suffer. */
  afterMs: number;
  /** How it is tied to the cause: it calls it, directly or through other services, or not at all. */
  calls: 'directly' | 'through others' | 'no';
}

export function consequencesOf(cause: string, views: readonly ConsequenceView[], edges: readonly WalkEdge[]): Consequence[] {
  const causeOnset = views.find((view) => view.name === cause)?.onset ?? null;
  if (causeOnset === null) return [];
  const callers = callersOf(cause, edges);
  const found: Consequence[] = [];
  for (const view of views) {
    if (view.name === cause || view.onset === null || view.intrinsic > 0 || view.down || view.held) continue;
    if (view.onset <= causeOnset + LATER_BY_MS) continue;
    const calls = !callers.has(view.name) ? 'no' : edges.some((edge) => edge.from === view.name && edge.to === cause) ? 'directly' : 'through others';
    if (calls === 'no' && view.alerted) continue;
    found.push({ name: view.name, onset: view.onset, afterMs: view.onset - causeOnset, calls });
  }
  return found;
}

/** Every service that calls `name`, directly or through others. */
function callersOf(name: string, edges: readonly WalkEdge[]): Set<string> {
  const callers = new Set<string>();
  const pending = [name];
  while (pending.length > 0) {
    const callee = pending.pop() as string;
    for (const edge of edges)
      if (edge.to === callee && edge.from !== name && !callers.has(edge.from)) {
        callers.add(edge.from);
        pending.push(edge.from);
      }
  }
  return callers;
}
