/**
 * Typo tolerance. The optimal-string-alignment distance counts a swap of two neighbouring
 * letters as one edit ("restrat", "wroker"), the most common slip on a keyboard; the existing
 * Levenshtein in config/did-you-mean counts it as two. Hand-written because it must stop early:
 * the parser compares every word with every name on each keystroke, and the packages on npm
 * (fastest-levenshtein, damerau-levenshtein) either lack the swap or fill a whole matrix.
 */

/** Three rows reused by every call: the parser runs this thousands of times a keystroke. */
let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** The distance between a and b, or max + 1 as soon as it is known to exceed max. */
export function boundedDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const width = b.length + 1;
  if (rows[0].length < width) rows = [new Int32Array(width * 2), new Int32Array(width * 2), new Int32Array(width * 2)];
  let [before, previous, current] = rows;
  for (let j = 0; j < width; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1))
        value = Math.min(value, (before[j - 2] as number) + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  const distance = previous[b.length] as number;
  return distance <= max ? distance : max + 1;
}

/** Edits allowed for a word of this length: none for very short names, more for long ones. */
export function typoTolerance(length: number): number {
  if (length <= 2) return 0;
  if (length <= 5) return 1;
  if (length <= 9) return 2;
  return 3;
}

/**
 * Whether `typed` is `known` with a slip or two: the edits it takes, or null. Typos rarely
 * change the first letter, and allowing it matches far too much ("atop" would be "stop"), so
 * the first letter must agree, or the first two be swapped.
 */
export function isTypoOf(typed: string, known: string): number | null {
  if (typed === known) return 0;
  const allowed = typoTolerance(Math.max(typed.length, known.length));
  if (allowed === 0 || typed.length < 3) return null;
  const sameStart = typed[0] === known[0] || (typed[0] === known[1] && typed[1] === known[0]);
  if (!sameStart) return null;
  const distance = boundedDistance(typed, known, allowed);
  return distance <= allowed ? distance : null;
}

/**
 * Looser, for "did you mean …": 0 for a prefix ("pay" → payments), 1 for the letters in order
 * ("wrk" → worker), 2 for a few more edits, null for no resemblance. Only ever offered as a
 * question, never acted on.
 */
export function resemblance(typed: string, known: string): number | null {
  if (typed.length === 0 || typed[0] !== known[0]) return null;
  if (known.startsWith(typed)) return 0;
  if (typed.length >= 2 && isSubsequence(typed, known)) return 1;
  const allowed = Math.max(2, Math.ceil(Math.max(typed.length, known.length) / 2));
  return typed.length >= 3 && boundedDistance(typed, known, allowed) <= allowed ? 2 : null;
}

function isSubsequence(short: string, long: string): boolean {
  let at = 0;
  for (const char of long) if (char === short[at]) at++;
  return at === short.length;
}
