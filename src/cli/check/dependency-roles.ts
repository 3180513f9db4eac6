import type { DependencyMap } from '../../core/config/dependency-graph';

/**
 * Infrastructure, as the old checker's `--infra` meant it: what the others stand on. Here, a
 * service that others depend on and that depends on nothing itself (a database, a cache, a broker).
 */
export function infrastructureServices(graph: DependencyMap): Set<string> {
  const dependedOn = new Set(Object.values(graph).flat());
  return new Set(Object.keys(graph).filter((name) => dependedOn.has(name) && (graph[name] ?? []).length === 0));
}
