/**
 * Where a character of a YAML string value sits in the file. A problem found inside a value
 * (a PromQL expression, a template) is reported at its own line:col, not at the value's start,
 * whichever way the value is written: plain, quoted with escapes, or as a folded/literal block.
 *
 * The value is matched against its source left to right: each value character is found at or
 * after the previous match, skipping quotes, escapes, indentation and line breaks that folding
 * turned into spaces.
 */
export function sourceOffsetOf(source: string, sourceStart: number, value: string, valueIndex: number): number {
  let position = skipScalarHeader(source);
  const target = Math.min(Math.max(0, valueIndex), value.length);
  for (let i = 0; i < target; i++) {
    const found = findCharacter(source, position, value[i] as string);
    if (found < 0) return sourceStart + Math.min(position, source.length);
    position = found + 1;
  }
  const next = target < value.length ? findCharacter(source, position, value[target] as string) : -1;
  return sourceStart + (next >= 0 ? next : position);
}

/** Past an opening quote, or a block scalar's `|`/`>` header line. */
function skipScalarHeader(source: string): number {
  if (source.startsWith('"') || source.startsWith("'")) return 1;
  if (/^[|>]/.test(source)) {
    const newline = source.indexOf('\n');
    return newline < 0 ? source.length : newline + 1;
  }
  return 0;
}

const escapeSources: Record<string, string[]> = { '\n': ['\n', '\\n'], '\t': ['\t', '\\t'], ' ': [' ', '\n'], '"': ['"', '\\"'], '\\': ['\\\\', '\\'] };

function findCharacter(source: string, from: number, ch: string): number {
  const candidates = escapeSources[ch] ?? [ch];
  let best = -1;
  for (const candidate of candidates) {
    const at = source.indexOf(candidate, from);
    if (at >= 0 && (best < 0 || at < best)) best = at;
  }
  // An escaped character maps to its backslash: point at where the escape begins.
  return best;
}
