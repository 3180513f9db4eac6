/** PromQL's literals, read the way Prometheus (Go) reads them. */

const durationUnits: Record<string, number> = { y: 365 * 86_400_000, w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };
const unitOrder = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];

/** "1h30m" -> 5_400_000; units largest first, each at most once (as Prometheus requires); null if not a duration. */
export function parsePromDuration(text: string): number | null {
  if (text === '') return null;
  let total = 0;
  let lastUnit = -1;
  let rest = text;
  while (rest !== '') {
    const match = /^(\d+)(ms|y|w|d|h|m|s)/.exec(rest);
    if (match === null) return null;
    const unit = unitOrder.indexOf(match[2] as string);
    if (unit <= lastUnit) return null;
    lastUnit = unit;
    total += Number(match[1]) * (durationUnits[match[2] as string] as number);
    rest = rest.slice(match[0].length);
  }
  return total;
}

/** Go's strconv.ParseFloat as PromQL uses it: decimals, exponents, hex integers, Inf and NaN. */
export function parsePromNumber(text: string): number | null {
  const lower = text.toLowerCase();
  if (/^[+-]?(inf|infinity)$/.test(lower)) return lower.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (/^[+-]?nan$/.test(lower)) return Number.NaN;
  if (/^[+-]?0x[0-9a-f]+$/.test(lower)) return (lower.startsWith('-') ? -1 : 1) * Number.parseInt(lower.replace(/^[+-]?0x/, ''), 16);
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(lower)) return Number(lower);
  return null;
}

const simpleEscapes: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"' };

/** A PromQL string literal ("...", '...' or `...`) to its value, or an error message. */
export function unquotePromString(literal: string): { ok: true; value: string } | { ok: false; message: string } {
  const quote = literal[0];
  if (literal.length < 2 || literal.at(-1) !== quote || (quote !== '"' && quote !== "'" && quote !== '`')) {
    return { ok: false, message: 'unterminated string' };
  }
  const body = literal.slice(1, -1);
  if (quote === '`') return { ok: true, value: body };
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = body[i + 1];
    if (next === undefined) return { ok: false, message: 'a string ends in a backslash' };
    if (next in simpleEscapes) {
      out += simpleEscapes[next];
      i++;
    } else if (next === 'x' || next === 'u' || next === 'U') {
      const width = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) return { ok: false, message: `bad escape \\${next}${hex}` };
      out += String.fromCodePoint(Number.parseInt(hex, 16));
      i += 1 + width;
    } else if (/[0-7]/.test(next)) {
      const octal = body.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(octal)) return { ok: false, message: `bad octal escape \\${octal}` };
      out += String.fromCharCode(Number.parseInt(octal, 8));
      i += 3;
    } else {
      return { ok: false, message: `unknown escape \\${next}` };
    }
  }
  return { ok: true, value: out };
}
