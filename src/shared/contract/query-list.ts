import { z } from 'zod';

/**
 * A list in a command's input, as JSON gives it (`["a", "b"]`) and as a REST query string does:
 * comma-separated (`a=x,y`) or repeated (`a=x&a=y`, an array of strings). The one list schema of
 * the contract (services, hosts, cursors). Pieces are trimmed and the blanks around commas dropped
 * ("" is the empty list); an entry of a list that is blank as a whole is kept for `item` to
 * refuse, so `[""]` never reads as "none given" (for services: all of them).
 */
export function queryList<Item extends z.ZodType<string, string>>(item: Item, max: number, what: string, notAList = `${what} is a list: ["a", "b"] or "a,b"`) {
  return z.preprocess(splitCommas, z.array(item, { error: notAList }).max(max, `at most ${max} ${what}`));
}

function splitCommas(value: unknown): unknown {
  if (typeof value === 'string') return pieces(value);
  if (!Array.isArray(value)) return value;
  return value.flatMap((entry: unknown) => (typeof entry !== 'string' ? [entry] : entry.trim() === '' ? [''] : pieces(entry)));
}

/** "a, b,,c" → ["a", "b", "c"]. */
function pieces(text: string): string[] {
  return text
    .split(',')
    .map((piece) => piece.trim())
    .filter((piece) => piece !== '');
}
