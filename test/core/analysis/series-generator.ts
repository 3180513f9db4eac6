/** Deterministic synthetic series for the detector's tests: the same samples on every run. */
export const T0 = Date.UTC(2026, 0, 5); // a Monday, 00:00 UTC
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Uniform in [0, 1) from the Park-Miller generator, seeded. */
export function seededUniform(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

/** Park-Miller generator with a Box-Muller normal, seeded. */
export function seededNormal(seed: number): () => number {
  let state = seed;
  const uniform = (): number => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
  return () => Math.sqrt(-2 * Math.log(uniform() + 1e-12)) * Math.cos(2 * Math.PI * uniform());
}

export interface Sample {
  t: number;
  v: number;
}

/** `count` samples every `stepMs` from T0, values from `value(i, t)`. */
export function series(count: number, stepMs: number, value: (i: number, t: number) => number): Sample[] {
  return Array.from({ length: count }, (_, i) => {
    const t = T0 + i * stepMs;
    return { t, v: value(i, t) };
  });
}
