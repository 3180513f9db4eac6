/** A seeded standard normal generator (Park–Miller uniforms, Box–Muller), so every run sees the same noise. */
export function seededGaussian(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 48271) % 2147483647;
    const u = Math.max(s / 2147483647, 1e-12);
    s = (s * 48271) % 2147483647;
    return Math.sqrt(-2 * Math.log(u)) * Math.cos((2 * Math.PI * s) / 2147483647);
  };
}
