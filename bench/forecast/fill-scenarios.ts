import { SeededRandom } from './seeded-random';

/**
 * Disks being filled at a changing rate, generated with known truth. Each run draws its fill
 * time (6 h to 3 days), start level and sampling interval; the true usage integrates a rate with
 * per-step write jitter (so the truth itself wanders, as a real disk's does) and the observed
 * series adds measurement noise. The true time of crossing is where the true usage first reaches
 * the threshold.
 */
export interface FillRun {
  name: string;
  ts: number[];
  observed: number[];
  truth: number[];
  start: number;
  threshold: number;
  /** Index of the first sample at or past the threshold (truth). */
  crossIndex: number;
  /** A real disk's reads: how long the probe's read took (ms), each sample stamped at its middle. */
  readMs?: { p50: number; max: number };
}

export interface FillScenario {
  name: string;
  describe: string;
  generate(seed: number): FillRun;
}

const CAPACITY = 100e9;
const T0 = Date.UTC(2026, 10, 1);

interface Shape {
  /** Rate multiplier at progress τ = t / nominal fill time. */
  rate(tau: number): number;
  /** Optional cleanup: every `period` of τ, remove this share of what was written since the last one. */
  cleanup?: { period: number; share: number };
  noise: number; // share of capacity, σ
  outliers?: number; // share of samples replaced by a bad reading
  flatBefore?: number; // seconds of flat history before the fill starts
  jitter: number; // per-step relative rate jitter
}

function generate(name: string, seed: number, shape: (random: SeededRandom) => Shape): FillRun {
  const random = new SeededRandom(seed * 7919 + name.length * 104729);
  const s = shape(random);
  const nominal = 3600 * random.between(6, 72);
  const step = nominal < 12 * 3600 ? 10 : nominal < 36 * 3600 ? 30 : 60;
  const start = CAPACITY * random.between(0.2, 0.5);
  const threshold = 0.95 * CAPACITY;
  // The base rate fills the gap in about the nominal time when the multiplier averages 1.
  const base = (threshold - start) / nominal;
  const ts: number[] = [];
  const truth: number[] = [];
  const observed: number[] = [];
  let level = start;
  let sinceCleanup = 0;
  let nextCleanup = s.cleanup === undefined ? Number.POSITIVE_INFINITY : s.cleanup.period * nominal * random.between(0.9, 1.1);
  let crossIndex = -1;
  const flat = s.flatBefore ?? 0;
  for (let i = 0; ; i++) {
    const t = i * step;
    const fillT = t - flat;
    if (fillT > 0) {
      const written = Math.max(0, base * s.rate(fillT / nominal) * step * (1 + s.jitter * random.gaussian()));
      level += written;
      sinceCleanup += written;
      if (s.cleanup !== undefined && fillT >= nextCleanup) {
        level -= s.cleanup.share * sinceCleanup;
        sinceCleanup = 0;
        nextCleanup += s.cleanup.period * nominal * random.between(0.9, 1.1);
      }
    }
    ts.push(T0 + t * 1000);
    truth.push(level);
    let seen = level + s.noise * CAPACITY * random.gaussian();
    if (s.outliers !== undefined && random.uniform() < s.outliers) seen = 0; // a failed read
    observed.push(seen);
    if (crossIndex < 0 && level >= threshold) crossIndex = i;
    if (crossIndex >= 0 && i > crossIndex * 1.05) break;
    if (t > 20 * nominal + flat) break; // never crossed (a bad draw): the run is dropped
  }
  return { name, ts, observed, truth, start, threshold, crossIndex };
}

export const fillScenarios: FillScenario[] = [
  {
    name: 'steady',
    describe: 'constant rate, 0.2 % noise',
    generate: (seed) => generate('steady', seed, () => ({ rate: () => 1, noise: 0.002, jitter: 0.5 })),
  },
  {
    name: 'accelerating',
    describe: 'rate triples over the fill',
    generate: (seed) => generate('accelerating', seed, () => ({ rate: (tau) => 0.5 + 1.0 * tau, noise: 0.002, jitter: 0.5 })),
  },
  {
    name: 'decelerating',
    describe: 'rate falls to a quarter',
    generate: (seed) => generate('decelerating', seed, () => ({ rate: (tau) => Math.max(0.4, 1.6 - 1.2 * tau), noise: 0.002, jitter: 0.5 })),
  },
  {
    name: 'rate-steps',
    describe: 'the rate jumps ×0.5–×2 three times, at random',
    generate: (seed) =>
      generate('rate-steps', seed, (random) => {
        const steps = [random.between(0.1, 0.4), random.between(0.4, 0.7), random.between(0.7, 1.0)];
        const factors = steps.map(() => 2 ** random.between(-1, 1));
        return {
          rate: (tau) => {
            let rate = 1;
            steps.forEach((at, i) => {
              if (tau >= at) rate = factors[i] as number;
            });
            return rate;
          },
          noise: 0.002,
          jitter: 0.5,
        };
      }),
  },
  {
    name: 'staircase',
    describe: 'written in bursts: a chunk every 1/15 of the fill',
    generate: (seed) => generate('staircase', seed, () => ({ rate: (tau) => (tau % (1 / 15) < 1 / 150 ? 10 : 0), noise: 0.002, jitter: 0.5 })),
  },
  {
    name: 'noisy+outliers',
    describe: '1 % noise, 1 % failed reads (0)',
    generate: (seed) => generate('noisy+outliers', seed, () => ({ rate: () => 1, noise: 0.01, outliers: 0.01, jitter: 1 })),
  },
  {
    name: 'cleanups',
    describe: 'a cleanup every 1/12 of the fill frees 60 % of what was written since the last',
    generate: (seed) => generate('cleanups', seed, () => ({ rate: () => 2.5, cleanup: { period: 1 / 12, share: 0.6 }, noise: 0.001, jitter: 0.5 })),
  },
  {
    name: 'flat-then-fill',
    describe: 'a day flat, then a steady fill starts',
    generate: (seed) => generate('flat-then-fill', seed, () => ({ rate: () => 1, noise: 0.002, flatBefore: 86400, jitter: 0.5 })),
  },
];
