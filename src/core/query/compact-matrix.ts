import type { MatrixResult } from '../../shared/types/monitoring';

/**
 * A matrix with each value cut to `digits` significant digits ("0.0234568" for
 * "0.023456789012345"): a chart draws a few hundred pixels, and a day of a dozen panels' lines was
 * 850 kB of JSON mostly made of digits nobody sees. Non-finite values ("NaN", "+Inf") stay as they are.
 */
export function compactMatrix(matrix: MatrixResult, digits: number): MatrixResult {
  return {
    ...matrix,
    result: matrix.result.map((series) => ({
      metric: series.metric,
      values: series.values.map(([at, value]): [number, string] => {
        const number = Number(value);
        return [at, Number.isFinite(number) ? String(Number(number.toPrecision(digits))) : value];
      }),
    })),
  };
}
