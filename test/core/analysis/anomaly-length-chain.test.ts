import { describe, expect, it } from 'vitest';
import { LengthChain } from '../../../src/core/analysis/anomaly/length-chain';
import { OneRateChain } from '../../../src/core/analysis/anomaly/one-rate-chain';
import { seededUniform } from './series-generator';

/**
 * The two excursion chains fed the same far/near sequence: where far samples come one at a time
 * they agree; where they come in clusters of 2-3 only the length chain sees that longer runs are rare.
 */
const MAX_RUN = 20;

/** Both chains' costs of runs of 1..MAX_RUN after `count` samples whose far-ness `next()` gives. */
function costsAfter(next: () => boolean, count: number): { byLength: Float64Array; oneRate: Float64Array } {
  const lengths = new LengthChain(MAX_RUN);
  const oneRate = new OneRateChain(MAX_RUN);
  let run = 0;
  for (let i = 0; i < count; i++) {
    const far = next();
    // Every far sample is on the same side here: a far one after a far one carries the run on.
    const continues = far && run > 0;
    lengths.count(run, far, continues);
    oneRate.count(run, far, continues);
    run = far ? Math.min(run + 1, MAX_RUN + 1) : 0;
  }
  const byLength = new Float64Array(MAX_RUN);
  const single = new Float64Array(MAX_RUN);
  lengths.judge(byLength);
  oneRate.judge(single);
  return { byLength, oneRate: single };
}

describe('LengthChain: what a run of k far samples costs, counted by length', () => {
  it('agrees with one rate where far samples come one at a time (within 0.5 nats up to a run of 5)', () => {
    const uniform = seededUniform(3);
    const { byLength, oneRate } = costsAfter(() => uniform() < 0.2, 30_000);
    // The rates agree; lengths few runs reach are counted from fewer runs, so they wander a little.
    for (let k = 0; k < 5; k++) expect(Math.abs((byLength[k] as number) - (oneRate[k] as number))).toBeLessThan(0.5);
  });

  it('finds runs past 3 rare where far samples come in clusters of 2-3 (one rate calls them ordinary)', () => {
    const uniform = seededUniform(5);
    let left = 0;
    const clusters = (): boolean => {
      if (left > 0) {
        left--;
        return true;
      }
      if (uniform() >= 0.08) return false;
      left = uniform() < 0.5 ? 1 : 2;
      return true;
    };
    const { byLength, oneRate } = costsAfter(clusters, 30_000);
    // A 2nd and 3rd sample are what the series does: they cost little.
    expect((byLength[2] as number) - (byLength[0] as number)).toBeLessThan(1);
    // A run of 10 has to chain three or four clusters: rarer by far than one rate's ~0.5 nats a sample.
    expect(byLength[9] as number).toBeGreaterThan((oneRate[9] as number) + 4);
    expect(byLength[9] as number).toBeGreaterThan(10);
  });

  it('still agrees after millions of samples (its counts are reweighed, not decayed one by one, and must not overflow)', () => {
    const uniform = seededUniform(11);
    // ~69 memories of 30,000 samples grow the weight past the point where it is brought back to 1.
    const { byLength, oneRate } = costsAfter(() => uniform() < 0.2, 2_500_000);
    for (let k = 0; k < 5; k++) expect(Math.abs((byLength[k] as number) - (oneRate[k] as number))).toBeLessThan(0.5);
    expect(byLength.every(Number.isFinite)).toBe(true);
  });

  it("takes over one rate's counts (a state from before): each longer run costs what that rate said", () => {
    const chain = new LengthChain(MAX_RUN);
    chain.adopt({ seen: 30_000, far: 3000, chances: 3000, stayed: 600 });
    const costs = new Float64Array(MAX_RUN);
    chain.judge(costs);
    const stayCost = -Math.log(600.5 / 3001);
    for (let k = 1; k < 8; k++) expect((costs[k] as number) - (costs[k - 1] as number)).toBeCloseTo(stayCost, 1);
    // Entered from a near sample: the runs begun (far less stays) out of the near samples.
    expect(costs[0]).toBeCloseTo(-Math.log(2400.5 / 27_001), 6);
  });
});
