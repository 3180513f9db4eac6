/**
 * MicroRCA's idea as a personalised PageRank: a walker starts at the services with symptoms
 * (in proportion to how strongly), follows calls from a service to what it depends on (more
 * likely towards a dependency that is itself anomalous), sometimes steps back to a dependent,
 * and stays on a service in proportion to how much its own resources moved. Where the walker
 * spends its time is where the trouble likely began: the most downstream anomalous service on
 * a propagating fault, the one whose resources moved when its dependents merely suffer. An
 * anomalous service none of whose dependencies is anomalous holds the walker too (the frontier).
 *
 * A caller suffers from a dependency through its answers: the step along a call goes towards a
 * dependency whose answers moved (probes, latency, errors, an outage), not one that merely uses
 * more memory while answering as before. A neighbour on the machine is felt through what it
 * takes (its CPU): along such an edge the step goes by how anomalous it is at all.
 *
 * Trouble flows from a dependency up to its callers, so a dependency that began to move well after
 * its caller did (less traffic reaching it, retries piling on it) is the caller's effect, not its
 * cause: along that edge the walker goes towards whichever end moved first (the step to the
 * dependency is weighed down by LATER_DEPENDENCY, the step back to the caller is a full one).
 */
export interface WalkNode {
  name: string;
  /** 0..1: how strongly this service shows a symptom (where walks start). */
  symptom: number;
  /** 0..1: how anomalous it is overall (how attractive as a next step along a machine edge). */
  anomaly: number;
  /** 0..1: how strongly its answers moved, an alert about it counting half (how attractive as a next step along a call); `anomaly` when not given. */
  answering?: number;
  /** 0..1: how much its own resources moved (how long the walker stays). */
  intrinsic: number;
  /** When it first moved (symptom or resource), if it did: a dependency moving well after its caller is its effect. */
  onset?: number | null;
}

export interface WalkEdge {
  /** The dependent (caller). */
  from: string;
  /** The dependency (callee). */
  to: string;
  /** 1 for a declared depends_on; less for one inferred from logs or timing. */
  weight: number;
  /** How the trouble would travel: through the callee's answers (a call, the default) or through the machine they share (a noisy neighbour). */
  through?: 'answers' | 'machine';
}

const RESTART_PROBABILITY = 0.15;
const BACK_STEP = 0.05;
const STAY_FLOOR = 0.05;
const ITERATIONS = 60;
/** A dependency that moved this much later than its caller is more likely its effect (probes and samples come every few seconds). */
export const LATER_BY_MS = 15_000;
const LATER_DEPENDENCY = 0.2;

/** Each node's share of the walk (sums to 1); empty when no node has a symptom. */
export function dependencyWalk(nodes: readonly WalkNode[], edges: readonly WalkEdge[]): Map<string, number> {
  const index = new Map(nodes.map((node, i) => [node.name, i] as const));
  const n = nodes.length;
  const personal = nodes.map((node) => node.symptom);
  const personalSum = personal.reduce((sum, value) => sum + value, 0);
  if (n === 0 || personalSum === 0) return new Map();
  for (let i = 0; i < n; i++) personal[i] = (personal[i] as number) / personalSum;
  // How anomalous each node's most anomalous dependency is: an anomalous node whose dependencies
  // are all healthy is the frontier of the trouble, and the walker stays there.
  const worstDependency = new Array<number>(n).fill(0);
  for (const edge of edges) {
    const from = index.get(edge.from);
    const to = index.get(edge.to);
    if (from === undefined || to === undefined || from === to) continue;
    // A dependency that only moved after this node did does not make it a mere victim.
    if (movedLater(nodes[to] as WalkNode, nodes[from] as WalkNode)) continue;
    worstDependency[from] = Math.max(worstDependency[from] as number, pull(nodes[to] as WalkNode, edge));
  }
  // Out-weights per node: forward to dependencies, back to dependents, and staying.
  const out: { to: number; weight: number }[][] = nodes.map((node, i) => [
    { to: i, weight: STAY_FLOOR + node.intrinsic + node.anomaly * (1 - (worstDependency[i] as number)) },
  ]);
  for (const edge of edges) {
    const from = index.get(edge.from);
    const to = index.get(edge.to);
    if (from === undefined || to === undefined || from === to) continue;
    const callee = nodes[to] as WalkNode;
    const caller = nodes[from] as WalkNode;
    const effect = movedLater(callee, caller) ? LATER_DEPENDENCY : 1;
    (out[from] as { to: number; weight: number }[]).push({ to, weight: edge.weight * effect * (0.01 + pull(callee, edge)) });
    // Along an edge whose dependency moved later, the walker goes back to the caller as readily as it would go forward.
    const back = effect < 1 ? 1 : BACK_STEP;
    (out[to] as { to: number; weight: number }[]).push({ to: from, weight: back * edge.weight * (0.01 + caller.anomaly) });
  }
  let rank = [...personal];
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    const next = personal.map((value) => RESTART_PROBABILITY * value);
    for (let i = 0; i < n; i++) {
      const links = out[i] as { to: number; weight: number }[];
      const total = links.reduce((sum, link) => sum + link.weight, 0);
      for (const link of links) next[link.to] = (next[link.to] as number) + (1 - RESTART_PROBABILITY) * (rank[i] as number) * (link.weight / total);
    }
    rank = next;
  }
  return new Map(nodes.map((node, i) => [node.name, rank[i] as number] as const));
}

/** How strongly a dependency draws the walker along an edge: by its answers along a call, by its anomaly along the machine. */
function pull(callee: WalkNode, edge: WalkEdge): number {
  return edge.through === 'machine' ? callee.anomaly : (callee.answering ?? callee.anomaly);
}

function movedLater(callee: WalkNode, caller: WalkNode): boolean {
  return typeof callee.onset === 'number' && typeof caller.onset === 'number' && callee.onset > caller.onset + LATER_BY_MS;
}
