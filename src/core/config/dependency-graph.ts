/**
 * The services' `depends_on` as a graph: cycles named the way an operator reads them
 * ("api → db → api"), the closure of a set with its dependencies, and the levels of a start
 * (every service after all of its dependencies; a level's services can start together).
 */
export type DependencyMap = Readonly<Record<string, readonly string[]>>;

/**
 * Every elementary cycle reachable by depth-first search, each once, as a path that ends where
 * it starts: ["api", "db", "api"]. Edges to unknown services are ignored here (see `missing`).
 */
export function findCycles(graph: DependencyMap): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const seen = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph[node] ?? []) {
      if (!Object.hasOwn(graph, next)) continue;
      const nextState = state.get(next);
      if (nextState === 'open') {
        const cycle = [...stack.slice(stack.indexOf(next)), next];
        const key = canonical(cycle);
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (nextState === undefined) {
        visit(next);
      }
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of Object.keys(graph)) if (!state.has(node)) visit(node);
  return cycles;
}

/** The same cycle found from another node is the same cycle: compare it rotated to its smallest name. */
function canonical(cycle: readonly string[]): string {
  const ring = cycle.slice(0, -1);
  let best = 0;
  for (let i = 1; i < ring.length; i++) if ((ring[i] as string) < (ring[best] as string)) best = i;
  return [...ring.slice(best), ...ring.slice(0, best)].join('\u0000');
}

export function describeCycle(cycle: readonly string[]): string {
  return cycle.join(' → ');
}

/** "web depends on cache, which is not a service" for every dangling edge. */
export function missingDependencies(graph: DependencyMap): { service: string; dependency: string }[] {
  return Object.entries(graph).flatMap(([service, dependencies]) =>
    dependencies.filter((dependency) => !Object.hasOwn(graph, dependency)).map((dependency) => ({ service, dependency })),
  );
}

/** Problems that make a start order impossible, in words. */
export function dependencyProblems(graph: DependencyMap): string[] {
  return [
    ...findCycles(graph).map((cycle) => `dependency cycle: ${describeCycle(cycle)}`),
    ...missingDependencies(graph).map(({ service, dependency }) => `${service} depends on ${dependency}, which is not a service of this workspace`),
  ];
}

/** The given services and everything they depend on, transitively. */
export function withDependencies(graph: DependencyMap, names: Iterable<string>): Set<string> {
  const out = new Set<string>();
  const add = (name: string): void => {
    if (out.has(name) || !Object.hasOwn(graph, name)) return;
    out.add(name);
    for (const dependency of graph[name] ?? []) add(dependency);
  };
  for (const name of names) add(name);
  return out;
}

/**
 * Levels of a start among `names` (dependencies outside the set are not waited on here): level 0
 * depends on nothing in the set, level n on something in level n-1. Throws on a cycle.
 */
export function startLevels(graph: DependencyMap, names: Iterable<string>): string[][] {
  const set = new Set(names);
  const level = new Map<string, number>();
  const visiting = new Set<string>();
  const depth = (name: string): number => {
    const known = level.get(name);
    if (known !== undefined) return known;
    if (visiting.has(name)) throw new Error(`dependency cycle through ${name}`);
    visiting.add(name);
    let value = 0;
    for (const dependency of graph[name] ?? []) if (set.has(dependency)) value = Math.max(value, depth(dependency) + 1);
    visiting.delete(name);
    level.set(name, value);
    return value;
  };
  const levels: string[][] = [];
  // Keep the workspace's order within a level: it is the order the operator wrote.
  for (const name of Object.keys(graph)) {
    if (!set.has(name)) continue;
    const at = depth(name);
    (levels[at] ??= []).push(name);
  }
  return levels.filter((entries) => entries !== undefined);
}

/** Services in `names` that depend (directly) on `name`. */
export function dependentsWithin(graph: DependencyMap, name: string, names: ReadonlySet<string>): string[] {
  return [...names].filter((other) => (graph[other] ?? []).includes(name));
}
