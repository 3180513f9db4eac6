import { LATER_BY_MS, type WalkEdge } from './dependency-walk';

/**
 * The services whose trouble the top cause already explains: each calls it (directly or through
 * other services, as declared or seen in the logs), began to suffer more than LATER_BY_MS after it
 * moved, and shows nothing of its own (no resource of its own rose, no error lines of its own, it
 * did not go down, no other incident holds it). Such a service is the cause's consequence, named in
 * the cause's evidence, not a candidate beside it: a leaking cache slowed api and gateway 35 s
 * after its memory rose, and each joined the list as it slowed, so the list kept changing half a
 * minute after the cause was clear. A service that moved with the cause, within seconds, stays a
 * candidate: nothing yet tells which of the two began it.
 */
export interface ConsequenceView {
  name: string;
  /** When it first moved (symptom or resource), if it did. */
  onset: number | null;
  /** How much evidence of its own it has (its resources, its own error lines): none makes it a pure victim. */
  intrinsic: number;
  down: boolean;
  /** Another incident holds it. */
  held: boolean;
}

export interface Consequence {
  name: string;
  onset: number;
  /** How long after the cause it began to suffer. */
  afterMs: number;
  /** Whether it calls the cause itself (else through other services). */
  direct: boolean;
}

export function consequencesOf(cause: string, views: readonly ConsequenceView[], edges: readonly WalkEdge[]): Consequence[] {
  const causeOnset = views.find((view) => view.name === cause)?.onset ?? null;
  if (causeOnset === null) return [];
  const callers = callersOf(cause, edges);
  const found: Consequence[] = [];
  for (const view of views) {
    if (!callers.has(view.name) || view.onset === null || view.intrinsic > 0 || view.down || view.held) continue;
    if (view.onset > causeOnset + LATER_BY_MS)
      found.push({
        name: view.name,
        onset: view.onset,
        afterMs: view.onset - causeOnset,
        direct: edges.some((edge) => edge.from === view.name && edge.to === cause),
      });
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
