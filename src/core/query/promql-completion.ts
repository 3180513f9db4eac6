import type { CompletionItem, PromqlCompletion } from '../../shared/types/explore';
import { aggregateOps } from '../promql/ast';
import { functionSignatures } from '../promql/function-signatures';
import type { LabelMatcher } from '../store/labels';
import type { SeriesIndex } from '../store/series-index';

/** Enough for a dropdown; the editor narrows further as the person types. */
const MAX_ITEMS = 300;
const keywords = ['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'offset', 'bool'];
const grouping = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
const rangeDurations = ['1m', '5m', '15m', '1h', '6h', '1d'];
const matcherPattern = /([a-zA-Z_]\w*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g;

/** Where the cursor is, as far as completion cares. */
type Place =
  | { kind: 'value'; metric: string | null; label: string; others: LabelMatcher[]; from: number; to: number; quote: string | null }
  | { kind: 'label'; metric: string | null; from: number; to: number }
  | { kind: 'duration'; from: number; to: number }
  | { kind: 'expression'; from: number; to: number };

/**
 * Completion for a PromQL expression at a cursor position, from the store's series index:
 * metric names (with functions, aggregations and keywords) where an expression goes, label
 * names inside `{…}` and `by (…)`, and the values a label has (on series of the metric named
 * before the braces, narrowed by the other matchers written there) after `label=`. Read from
 * the text before the cursor, so it works on half-typed expressions the parser rejects.
 */
export function completePromql(index: SeriesIndex, text: string, position: number): PromqlCompletion {
  const at = Math.max(0, Math.min(position, text.length));
  const place = placeOf(text, at);
  switch (place.kind) {
    case 'value':
      return { from: place.from, to: place.to, items: valueItems(index, place) };
    case 'label':
      return { from: place.from, to: place.to, items: labelNames(index, place.metric).map((label) => ({ label, kind: 'label' })) };
    case 'duration':
      return { from: place.from, to: place.to, items: rangeDurations.map((label) => ({ label, kind: 'keyword', detail: 'range' })) };
    case 'expression':
      return { from: place.from, to: place.to, items: expressionItems(index, text.slice(place.from, at)) };
  }
}

function placeOf(text: string, at: number): Place {
  // Open brackets before the cursor (outside strings), innermost last, and an unclosed string.
  const open: { char: string; pos: number }[] = [];
  let quote: { char: string; pos: number } | null = null;
  for (let i = 0; i < at; i++) {
    const char = text[i] as string;
    if (quote !== null) {
      if (char === '\\') i++;
      else if (char === quote.char) quote = null;
      continue;
    }
    if (char === '"' || char === "'" || char === '`') quote = { char, pos: i };
    else if (char === '{' || char === '(' || char === '[') open.push({ char, pos: i });
    else if (char === '}' || char === ')' || char === ']') open.pop();
  }
  const innermost = open.at(-1);
  if (innermost?.char === '{') {
    const metric = metricBefore(text, innermost.pos);
    const inside = text.slice(innermost.pos + 1, quote?.pos ?? at);
    const current = inside.slice(lastTopLevelComma(inside) + 1);
    const others = matchersIn(inside.slice(0, inside.length - current.length));
    if (quote !== null) {
      const label = /([a-zA-Z_]\w*)\s*(=~|!~|!=|=)\s*$/.exec(current)?.[1];
      if (label !== undefined) return { kind: 'value', metric, label, others, from: quote.pos + 1, to: stringEnd(text, at, quote.char), quote: quote.char };
    }
    const operator = /^\s*([a-zA-Z_]\w*)\s*(=~|!~|!=|=)\s*$/.exec(current);
    if (operator !== null) return { kind: 'value', metric, label: operator[1] as string, others, from: at, to: at, quote: null };
    const word = /[a-zA-Z_]\w*$/.exec(current)?.[0] ?? '';
    return { kind: 'label', metric, from: at - word.length, to: wordEnd(text, at) };
  }
  if (innermost?.char === '(' && grouping.has(wordBefore(text, innermost.pos))) {
    const word = /[a-zA-Z_]\w*$/.exec(text.slice(innermost.pos + 1, at))?.[0] ?? '';
    return { kind: 'label', metric: null, from: at - word.length, to: wordEnd(text, at) };
  }
  if (innermost?.char === '[') {
    const word = /[\w]*$/.exec(text.slice(innermost.pos + 1, at))?.[0] ?? '';
    return { kind: 'duration', from: at - word.length, to: wordEnd(text, at) };
  }
  const word = /[a-zA-Z_:][\w:]*$/.exec(text.slice(0, at))?.[0] ?? '';
  return { kind: 'expression', from: at - word.length, to: wordEnd(text, at) };
}

function lastTopLevelComma(inside: string): number {
  let inQuote: string | null = null;
  let last = -1;
  for (let i = 0; i < inside.length; i++) {
    const char = inside[i] as string;
    if (inQuote !== null) {
      if (char === '\\') i++;
      else if (char === inQuote) inQuote = null;
    } else if (char === '"' || char === "'" || char === '`') inQuote = char;
    else if (char === ',') last = i;
  }
  return last;
}

function matchersIn(text: string): LabelMatcher[] {
  const out: LabelMatcher[] = [];
  for (const match of text.matchAll(matcherPattern)) {
    let value: string;
    try {
      value = JSON.parse(`"${match[3] as string}"`) as string;
    } catch {
      continue;
    }
    out.push({ name: match[1] as string, type: match[2] as LabelMatcher['type'], value });
  }
  return out;
}

function metricBefore(text: string, bracePos: number): string | null {
  const name = /([a-zA-Z_:][\w:]*)\s*$/.exec(text.slice(0, bracePos))?.[1];
  return name === undefined || keywords.includes(name) ? null : name;
}

function wordBefore(text: string, pos: number): string {
  return /([a-zA-Z_]\w*)\s*$/.exec(text.slice(0, pos))?.[1] ?? '';
}

/** The rest of the word under the cursor, which a chosen item replaces too. */
function wordEnd(text: string, at: number): number {
  return at + (/^[\w:]*/.exec(text.slice(at))?.[0].length ?? 0);
}

function stringEnd(text: string, at: number, quote: string): number {
  for (let i = at; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return text.length;
}

/** Series of the metric (every series without one), narrowed by matchers; a bad regex narrows nothing. */
function seriesOf(index: SeriesIndex, metric: string | null, matchers: readonly LabelMatcher[] = []) {
  try {
    return index.select(metric, matchers);
  } catch {
    return index.select(metric, []);
  }
}

function labelNames(index: SeriesIndex, metric: string | null): string[] {
  const names = new Set<string>();
  for (const series of seriesOf(index, metric)) for (const label of Object.keys(series.labels)) names.add(label);
  return [...names].sort().slice(0, MAX_ITEMS);
}

function valueItems(index: SeriesIndex, place: Extract<Place, { kind: 'value' }>): CompletionItem[] {
  const values = new Set<string>();
  for (const series of seriesOf(index, place.metric, place.others)) {
    const value = series.labels[place.label];
    if (value !== undefined) values.add(value);
  }
  return [...values]
    .sort()
    .slice(0, MAX_ITEMS)
    .map((value) => {
      // Typed inside quotes: the escaped text; before them: a whole quoted string.
      const escaped = JSON.stringify(value).slice(1, -1);
      const apply = place.quote === null ? `"${escaped}"` : place.quote === '"' ? escaped : value.replaceAll(place.quote, `\\${place.quote}`);
      return apply === value ? { label: value, kind: 'value' } : { label: value, kind: 'value', apply };
    });
}

function expressionItems(index: SeriesIndex, prefix: string): CompletionItem[] {
  const lower = prefix.toLowerCase();
  const fits = (name: string): boolean => name.toLowerCase().includes(lower);
  const items: CompletionItem[] = [
    ...index
      .names()
      .filter(fits)
      .map((label): CompletionItem => ({ label, kind: 'metric' })),
    ...Object.keys(functionSignatures)
      .filter(fits)
      .map((label): CompletionItem => ({ label, kind: 'function', detail: 'function' })),
    ...aggregateOps.filter(fits).map((label): CompletionItem => ({ label, kind: 'aggregation', detail: 'aggregation' })),
    ...(prefix === '' ? [] : keywords.filter((word) => word.startsWith(lower)).map((label): CompletionItem => ({ label, kind: 'keyword' }))),
  ];
  // Names that start with what was typed come first.
  const starts = items.filter((item) => item.label.toLowerCase().startsWith(lower));
  const rest = items.filter((item) => !item.label.toLowerCase().startsWith(lower));
  return [...starts, ...rest].slice(0, MAX_ITEMS);
}
