import { asciiLower } from '../../../shared/logs/log-query';

/** How many characters of "key=value" the index word covers; longer pairs are checked on the row. */
const FIELD_WORD_CHARS = 40;

/**
 * The index word of a parsed field (write-plan.ts builds the same in SQL:
 * `'zvf' || hex(lower(substr(key || '=' || value, 1, 40)))`): hex keeps any key and value one
 * word for the tokenizer. Two pairs can share a word (a long value's first 40 characters, "a=b"
 * + "c" against "a" + "b=c"), so the search also checks the row's fields.
 */
export function fieldWord(key: string, value: string): string {
  const pair = [...`${key}=${value}`].slice(0, FIELD_WORD_CHARS).join('');
  return `zvf${Buffer.from(asciiLower(pair), 'utf8').toString('hex')}`;
}

/**
 * The word stands for this pair alone, so no row check is needed: shorter than the word's cut
 * (a stored pair longer than it shares the word of its first characters), and no "=" in key or
 * value (a=b + c and a + b=c are both "a=b=c").
 */
export function fieldWordIsExact(key: string, value: string): boolean {
  const pair = `${key}=${value}`;
  return pair.indexOf('=') === key.length && pair.lastIndexOf('=') === key.length && [...pair].length < FIELD_WORD_CHARS;
}
