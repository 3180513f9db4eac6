import { describe, expect, it } from 'vitest';
import { fitRobustPolynomial, fitTrimmedPolynomial } from '../../../../src/core/analysis/forecast/robust-polynomial';

describe('fitTrimmedPolynomial', () => {
  const xs = Array.from({ length: 50 }, (_, i) => i - 49);
  const wiggle = (i: number): number => 0.3 * Math.sin(i * 1.7);

  it('is least squares where no point is a gross error', () => {
    const ys = xs.map((x, i) => 10 + 2 * x + wiggle(i));
    const trimmed = fitTrimmedPolynomial(xs, ys, 1, undefined, 4);
    const leastSquares = fitRobustPolynomial(xs, ys, 1, undefined, 1);
    expect(trimmed?.coef).toEqual(leastSquares?.coef);
  });

  it('drops a gross error and fits the rest by least squares', () => {
    const clean = xs.map((x, i) => 10 + 2 * x + wiggle(i));
    const ys = clean.map((y, i) => (i === 20 ? y + 100 : y));
    const trimmed = fitTrimmedPolynomial(xs, ys, 1, undefined, 4);
    const withoutIt = fitRobustPolynomial(
      xs.filter((_, i) => i !== 20),
      clean.filter((_, i) => i !== 20),
      1,
      undefined,
      1,
    );
    expect(trimmed?.coef[0]).toBeCloseTo(withoutIt?.coef[0] as number, 9);
    expect(trimmed?.coef[1]).toBeCloseTo(withoutIt?.coef[1] as number, 9);
  });
});
