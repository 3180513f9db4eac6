import { describe, expect, it } from 'vitest';
import { dependencyWalk, type WalkNode } from '../../../../src/core/incidents/rca/dependency-walk';

const node = (name: string, symptom: number, anomaly: number, intrinsic = 0): WalkNode => ({ name, symptom, anomaly, intrinsic });
const top = (ranks: Map<string, number>): string => [...ranks.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';

describe('dependency walk (personalised PageRank from the symptoms)', () => {
  it('settles on the most downstream anomalous service of a propagating fault', () => {
    const nodes = [node('web', 1, 1), node('api', 1, 1), node('db', 1, 1), node('cache', 0, 0)];
    const edges = [
      { from: 'web', to: 'api', weight: 1 },
      { from: 'api', to: 'db', weight: 1 },
      { from: 'api', to: 'cache', weight: 1 },
    ];
    const ranks = dependencyWalk(nodes, edges);
    expect(top(ranks)).toBe('db');
    expect(ranks.get('cache')).toBeLessThan(ranks.get('api') as number);
  });

  it('stays on a service whose own resources moved rather than its healthy dependency', () => {
    const nodes = [node('web', 1, 1), node('api', 1, 1, 1), node('db', 0, 0.05)];
    const ranks = dependencyWalk(nodes, [
      { from: 'web', to: 'api', weight: 1 },
      { from: 'api', to: 'db', weight: 1 },
    ]);
    expect(top(ranks)).toBe('api');
  });

  it('follows an inferred edge to a service that shows no symptom of its own', () => {
    const nodes = [node('api', 1, 1), node('worker', 0, 1, 1)];
    expect(top(dependencyWalk(nodes, []))).toBe('api');
    expect(top(dependencyWalk(nodes, [{ from: 'api', to: 'worker', weight: 0.6 }]))).toBe('worker');
  });

  it('does not step on to a dependency that only moved well after its caller (its effect, not its cause)', () => {
    // worker's latency began first; db, below it, moved 40 s later (less traffic, retries).
    const at = (node: WalkNode, onset: number): WalkNode => ({ ...node, onset });
    const nodes = [at(node('worker', 1, 1, 0.3), 0), at(node('db', 0.5, 1, 0.2), 40_000)];
    const edges = [{ from: 'worker', to: 'db', weight: 1 }];
    expect(top(dependencyWalk(nodes, edges))).toBe('worker');
    // The same dependency moving first is followed, as before.
    expect(top(dependencyWalk([at(node('worker', 1, 1, 0.3), 40_000), at(node('db', 0.5, 1, 0.2), 0)], edges))).toBe('db');
  });

  it('follows a call towards the dependency whose answers moved, not one that only uses more memory', () => {
    // worker waits on db (slow); queue, which it also calls, leaks but answers as fast as ever.
    const nodes = [node('worker', 1, 1), { ...node('db', 0.5, 1), answering: 1 }, { ...node('queue', 0.5, 1, 1), answering: 0 }];
    const calls = [
      { from: 'worker', to: 'db', weight: 1 },
      { from: 'worker', to: 'queue', weight: 1 },
    ];
    expect(top(dependencyWalk(nodes, calls))).toBe('db');
    // The same leak on the machine beside a victim is felt through it (an inferred neighbour edge).
    expect(
      top(dependencyWalk(nodes.slice(0, 1).concat(nodes[2] as WalkNode), [{ from: 'worker', to: 'queue', weight: 0.6, through: 'machine' as const }])),
    ).toBe('queue');
  });

  it('is empty when nothing has a symptom', () => {
    expect(dependencyWalk([node('a', 0, 0)], []).size).toBe(0);
  });
});
