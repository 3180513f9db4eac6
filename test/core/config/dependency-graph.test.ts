import { describe, expect, it } from 'vitest';
import { dependencyProblems, describeCycle, findCycles, startLevels, withDependencies } from '../../../src/core/config/dependency-graph';

describe('the dependency graph', () => {
  it('names each cycle once, the way an operator reads it', () => {
    const cycles = findCycles({ api: ['db'], db: ['api'], web: ['api'] });
    expect(cycles.map(describeCycle)).toEqual(['api → db → api']);
    expect(findCycles({ a: ['b'], b: ['c'], c: ['a'], d: ['d'] }).map(describeCycle)).toEqual(['a → b → c → a', 'd → d']);
    expect(findCycles({ a: ['b'], b: [], c: ['a', 'b'] })).toEqual([]);
  });

  it('reports cycles and dependencies that are not services, by name', () => {
    expect(dependencyProblems({ api: ['db', 'cache'], db: ['api'] })).toEqual([
      'dependency cycle: api → db → api',
      'api depends on cache, which is not a service of this workspace',
    ]);
  });

  it('orders a start in levels: each service after all of its dependencies, in the order written', () => {
    const graph = { web: ['api'], api: ['db', 'cache'], worker: ['db'], db: [], cache: [], docs: [] };
    expect(startLevels(graph, Object.keys(graph))).toEqual([['db', 'cache', 'docs'], ['api', 'worker'], ['web']]);
    expect([...withDependencies(graph, ['web'])].sort()).toEqual(['api', 'cache', 'db', 'web']);
    // Within a subset, dependencies outside it are not waited on.
    expect(startLevels(graph, ['web', 'worker'])).toEqual([['web', 'worker']]);
  });
});
