/**
 * Numbers as Go's fmt prints them, so rule annotations read as they do in Prometheus:
 * `{{ $value }}` is Go's %v, humanize uses %.4g.
 */
function special(value: number): string | null {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return null;
}

/** "1.5e+06": Go writes at least two exponent digits. */
function goExponent(text: string): string {
  return text.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** %v of a float64: the shortest digits that read back the same, as 1.5, 123456 or 1.234567e+06. */
export function formatGoFloat(value: number): string {
  const named = special(value);
  if (named !== null) return named;
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const exponential = value.toExponential();
  const exponent = Number(exponential.slice(exponential.indexOf('e') + 1));
  // Shortest-form %v switches to exponent form from 1e6 (Go's precision 6 for the decision).
  if (exponent < -4 || exponent >= 6) return goExponent(exponential);
  return String(value);
}

/** %.Ng: N significant digits, trailing zeros dropped, exponent form when the exponent is < -4 or >= N. */
export function formatGoG(value: number, precision: number): string {
  const named = special(value);
  if (named !== null) return named;
  if (value === 0) return '0';
  const exponential = value.toExponential(precision - 1);
  const exponent = Number(exponential.slice(exponential.indexOf('e') + 1));
  if (exponent < -4 || exponent >= precision) {
    const [mantissa, power] = exponential.split('e') as [string, string];
    return goExponent(`${mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa}e${power}`);
  }
  const fixed = value.toFixed(Math.max(0, precision - 1 - exponent));
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

/** %.Nf */
export function formatGoFixed(value: number, decimals: number): string {
  return special(value) ?? value.toFixed(decimals);
}
