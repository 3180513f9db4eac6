import type { YAMLError } from 'yaml';

/** The first YAML syntax error, where a person should look, in words a person can act on. */
export interface SyntaxProblem {
  offset: number;
  message: string;
}

/**
 * The YAML parser goes on after a slip and reports everything the slip confused (a missing
 * quote makes the rest of the file one string; one bad indent makes three errors). Only the
 * first error is the person's mistake, so only it is reported, at the place to fix: where an
 * unclosed quote or bracket was opened, where a mis-indented line's text starts.
 */
export function firstSyntaxProblem(text: string, errors: readonly YAMLError[]): SyntaxProblem | null {
  const first = [...errors].sort((a, b) => a.pos[0] - b.pos[0])[0];
  if (first === undefined) return null;
  const offset = first.pos[0];
  const message = first.message.split('\n')[0] ?? first.message;

  if (first.code === 'DUPLICATE_KEY') return { offset, message: 'this key appears twice in the same mapping' };
  if (first.code === 'TAB_AS_INDENT') return { offset, message: 'a tab indents this line; YAML indents with spaces only' };
  if (first.code === 'MISSING_CHAR' && /closing ["']?quote/i.test(message)) {
    const opened = unclosedQuoteBefore(text, offset);
    return opened === null
      ? { offset, message: 'a quoted string is never closed' }
      : { offset: opened, message: 'this quoted string is never closed: add the closing quote' };
  }
  const flow = /^Flow (map|sequence) in block collection/.exec(message);
  if (flow !== null) {
    const close = flow[1] === 'map' ? '}' : ']';
    const opened = unclosedBracketBefore(text, offset);
    if (opened !== null)
      return {
        offset: opened,
        message: `this ${close === '}' ? '{ … }' : '[ … ]'} is never closed: add "${close}" at the end of its value (on this line, or indented under it)`,
      };
    return { offset, message: `a ${close === '}' ? '{ … }' : '[ … ]'} above is not closed with "${close}"` };
  }
  if (first.code === 'BAD_INDENT') {
    return {
      offset: firstTextOnLine(text, offset),
      message: 'this line is not indented like the keys above it: the keys of one mapping start in the same column',
    };
  }
  if (first.code === 'MULTILINE_IMPLICIT_KEY' || (first.code === 'MISSING_CHAR' && /followed by map values/.test(message))) {
    const start = firstTextOnLine(text, offset);
    const word = /^[^\s:#]+/.exec(text.slice(start))?.[0];
    return { offset: start, message: `expected "key: value" here${word === undefined ? '' : `; is the ":" after "${word}" missing?`}` };
  }
  if (first.code === 'BLOCK_AS_IMPLICIT_KEY' && /compact mappings/.test(message)) {
    return { offset, message: 'a plain value cannot contain ": " (it reads as a second key): put the value in quotes' };
  }
  return { offset, message: message.replace(/ at line \d+, column \d+:?$/, '') };
}

/** The start of the text on the line that holds `offset` (an error at column 1 of an indented line points at its text). */
function firstTextOnLine(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
  const from = offset === lineStart ? lineStart : offset;
  const match = /[^ \t]/.exec(text.slice(from));
  return match === null ? offset : from + match.index;
}

interface Opening {
  char: string;
  offset: number;
}

/**
 * Walks the text up to `end` the way YAML reads quotes, brackets and comments, and returns what
 * is still open there. Good enough to point at the opening of an unclosed quote or bracket.
 */
function openAt(text: string, end: number): Opening[] {
  const open: Opening[] = [];
  let quote: Opening | null = null;
  for (let i = 0; i < end; i++) {
    const ch = text[i] as string;
    if (quote !== null) {
      if (quote.char === '"' && ch === '\\') i++;
      else if (ch === quote.char) {
        if (quote.char === "'" && text[i + 1] === "'") i++;
        else quote = null;
      }
      continue;
    }
    if (ch === '#' && (i === 0 || /\s/.test(text[i - 1] as string))) {
      const newline = text.indexOf('\n', i);
      i = newline < 0 ? end : newline - 1;
    } else if ((ch === '"' || ch === "'") && startsValue(text, i, open.length > 0)) quote = { char: ch, offset: i };
    else if ((ch === '{' || ch === '[') && startsValue(text, i, open.length > 0)) open.push({ char: ch, offset: i });
    else if ((ch === '}' || ch === ']') && open.length > 0) open.pop();
  }
  return quote === null ? open : [...open, quote];
}

/** A quote or bracket starts a value after "key: ", "- ", a line's indentation, or inside a flow collection after "[", "{" or ",". */
function startsValue(text: string, i: number, inFlow: boolean): boolean {
  let j = i - 1;
  while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
  if (j < 0 || text[j] === '\n') return true;
  const before = text[j] as string;
  if (before === ':' || before === '-' || before === '?') return j < i - 1 || before !== ':';
  return inFlow && (before === '[' || before === '{' || before === ',');
}

function unclosedQuoteBefore(text: string, end: number): number | null {
  const last = openAt(text, end).at(-1);
  return last !== undefined && (last.char === '"' || last.char === "'") ? last.offset : null;
}

function unclosedBracketBefore(text: string, end: number): number | null {
  const brackets = openAt(text, end).filter((opening) => opening.char === '{' || opening.char === '[');
  return brackets[0]?.offset ?? null;
}
