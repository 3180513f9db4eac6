import { ALARM_SCORE } from '../../src/core/analysis/anomaly/anomaly-episode';

/**
 * A 0/1 series (`probe_success`, a sample every 10 s) whose failure rate rises, and its twins
 * whose rate stays: samples from the rise to the first alarm, and episodes per 10,000 samples on
 * stable rates and on failures that come in clusters, scored as the engine scores them. Takes the
 * scorer to measure, so the bench can run an older build's beside it on the same samples.
 */
export interface RateScorer {
  update(timeMs: number, value: number): { score: number | null; started?: unknown };
}

export interface RiseResult {
  name: string;
  /** Samples from the rise to the first alarm per seed; null: not within `within` samples. */
  found: Array<number | null>;
  within: number;
}

export interface QuietResult {
  name: string;
  samples: number;
  episodes: number;
}

const STEP_MS = 10_000;
const T0 = Date.UTC(2026, 0, 5);
/** One day at 10 s learned before the rise, as in the README's operator-shaped series. */
const LEARNED = 8640;

export const RISES: ReadonlyArray<{ name: string; before: number; after: number; within: number }> = [
  { name: '0.1 % -> 3 %', before: 0.001, after: 0.03, within: 2000 },
  { name: '0.1 % -> 1 %', before: 0.001, after: 0.01, within: 5000 },
  { name: '1 % -> 5 %', before: 0.01, after: 0.05, within: 2000 },
];

/**
 * Mulberry32, seeded: the same samples for every build. (Park-Miller streams of seeds 1, 2, 3 are
 * multiples of each other, u2 = 2 u1 mod 1: their rare failures fell on the same samples.)
 */
export function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}

/** Samples from a rise of the failure rate to the first alarm, for each seed (null: none within the limit). */
export function measureRise(create: () => RateScorer, rise: (typeof RISES)[number], seeds: readonly number[]): RiseResult {
  const found = seeds.map((seed) => {
    const uniform = seededUniform(seed);
    const scorer = create();
    let t = T0;
    for (let i = 0; i < LEARNED; i++) scorer.update((t += STEP_MS), uniform() < rise.before ? 0 : 1);
    for (let i = 0; i < rise.within; i++) {
      const score = scorer.update((t += STEP_MS), uniform() < rise.after ? 0 : 1).score;
      if ((score ?? 0) >= ALARM_SCORE) return i + 1;
    }
    return null;
  });
  return { name: rise.name, found, within: rise.within };
}

/** A failure pattern going on unchanged: a function of the uniform stream giving the next sample. */
export const STABLE: ReadonlyArray<{ name: string; next: (uniform: () => number) => () => number }> = [
  { name: 'independent, 0.1 %', next: (uniform) => () => (uniform() < 0.001 ? 0 : 1) },
  { name: 'independent, 1 %', next: (uniform) => () => (uniform() < 0.01 ? 0 : 1) },
  { name: 'independent, 5 %', next: (uniform) => () => (uniform() < 0.05 ? 0 : 1) },
  { name: 'outages of 2-6 samples, one in ~2,000', next: (uniform) => clustered(uniform, 1 / 2000, true) },
  { name: 'clusters of 2-6 failures within 10 samples, one in ~1,000', next: (uniform) => clustered(uniform, 1 / 1000, false) },
  { name: 'clusters of 2-6 failures within 10 samples, one in ~200', next: (uniform) => clustered(uniform, 1 / 200, false) },
];

/**
 * Failures that come at the same time every day (a nightly job): half an hour from 02:00 at 5 %,
 * 0.1 % otherwise. Not in STABLE: the first nights are news (nothing said failures come then).
 */
export const NIGHTLY: (typeof STABLE)[number] = {
  name: 'a nightly half hour at 5 %, 0.1 % otherwise',
  next: (uniform) => {
    let t = T0;
    return () => {
      t += STEP_MS;
      const phase = (t - T0) % 86_400_000;
      return uniform() < (phase >= 7_200_000 && phase < 9_000_000 ? 0.05 : 0.001) ? 0 : 1;
    };
  },
};

/** Clusters starting with probability `rate` a sample: 2-6 failures in a row (`consecutive`) or among the next 10 samples. */
function clustered(uniform: () => number, rate: number, consecutive: boolean): () => number {
  let pending: number[] = [];
  return () => {
    if (pending.length === 0 && uniform() < rate) {
      const failures = 2 + Math.floor(uniform() * 5);
      pending = consecutive ? Array.from({ length: failures }, () => 0) : spread(uniform, failures);
    }
    return pending.shift() ?? 1;
  };
}

/** `failures` zeros placed among 10 samples, the first one failing. */
function spread(uniform: () => number, failures: number): number[] {
  const slots = Array.from({ length: 10 }, (_, i) => (i === 0 ? 0 : 1));
  let placed = 1;
  while (placed < failures) {
    const at = 1 + Math.floor(uniform() * 9);
    if (slots[at] === 1) {
      slots[at] = 0;
      placed++;
    }
  }
  return slots;
}

/** Episodes started over `samples` samples of a pattern going on, after a day learned of it. */
export function measureQuiet(create: () => RateScorer, pattern: (typeof STABLE)[number], seed: number, samples: number): QuietResult {
  const next = pattern.next(seededUniform(seed));
  const scorer = create();
  let t = T0;
  for (let i = 0; i < LEARNED; i++) scorer.update((t += STEP_MS), next());
  let episodes = 0;
  for (let i = 0; i < samples; i++) if (scorer.update((t += STEP_MS), next()).started !== undefined) episodes++;
  return { name: pattern.name, samples, episodes };
}

/** One line per rise and per stable pattern, for each build given (the first is this one). */
export function rateChangeTable(builds: ReadonlyArray<{ name: string; create: () => RateScorer }>, seeds: readonly number[], quietSamples: number): string[] {
  const lines: string[] = [];
  for (const rise of RISES) {
    for (const build of builds) {
      const { found, within } = measureRise(build.create, rise, seeds);
      const sorted = found.filter((samples): samples is number => samples !== null).sort((a, b) => a - b);
      const pick = (q: number): string => String(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? '-');
      lines.push(
        `  ${rise.name.padEnd(16)}${build.name.padEnd(10)}found ${sorted.length}/${seeds.length} within ${within}   samples p50 ${pick(0.5)}  p90 ${pick(0.9)}  max ${sorted.length === 0 ? '-' : String(sorted[sorted.length - 1])}`,
      );
    }
  }
  for (const pattern of [...STABLE, NIGHTLY]) {
    for (const build of builds) {
      const episodes = seeds.slice(0, 5).reduce((sum, seed) => sum + measureQuiet(build.create, pattern, seed, quietSamples).episodes, 0);
      const samples = Math.min(5, seeds.length) * quietSamples;
      lines.push(
        `  ${pattern.name.padEnd(60)}${build.name.padEnd(10)}${((episodes * 10_000) / samples).toFixed(2)} episodes per 10,000 (${episodes} in ${samples.toLocaleString('en-US')})`,
      );
    }
  }
  return lines;
}
