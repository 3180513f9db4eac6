import { logLevels, type LogLevel } from '../../../shared/types/logs';
import { asciiLower, needsSubstringCheck, textTokens, type FieldFilter, type LogQuery } from '../../../shared/logs/log-query';
import { fieldWord, fieldWordIsExact } from './field-word';

/** A query turned into an FTS5 expression plus checks on the row (phrases, time). */
export interface CompiledQuery {
  /** null: no index needed (no words, no fields): rows are read in id order. */
  match: string | null;
  /** SQL conditions on `r` (the rows table) with their parameters, in order. */
  where: string[];
  params: unknown[];
  /** A field names only things that do not exist (service:nosuch): nothing can match. */
  impossible: boolean;
  /** Words written as prefixes (time*): `"time"*` in `match`, expanded per partition. */
  prefixes: string[];
}

export interface QueryIds {
  /** The ids a service's lines carry (its replicas' included). */
  services(name: string): number[];
  sources(value: string): number[];
}

const quote = (token: string): string => `"${token.replace(/"/g, '""')}"`;
const anyOf = (tokens: string[]): string => (tokens.length === 1 ? (tokens[0] as string) : `(${tokens.join(' OR ')})`);
const levelCode = (level: LogLevel): number => logLevels.indexOf(level);
/** Every line carries exactly one level word: their union is "every line", for queries that only exclude. */
const ANY_LINE = anyOf(logLevels.map((_, i) => `zvl${i}`));

export function compileQuery(query: LogQuery, ids: QueryIds): CompiledQuery {
  const positive: string[] = [];
  const negative: string[] = [];
  const where: string[] = [];
  const params: unknown[] = [];
  const prefixes: string[] = [];
  let impossible = false;

  for (const term of query.terms) {
    const tokens = textTokens(term.text);
    if (tokens.length === 0) continue;
    const substring = needsSubstringCheck(term);
    if (term.negate) {
      if (substring) {
        where.push('instr(lower(r.text), ?) = 0');
        params.push(term.text.toLowerCase());
      } else {
        if (term.prefix) prefixes.push(tokens[0] as string);
        negative.push(term.prefix ? `${quote(tokens[0] as string)}*` : quote(tokens[0] as string));
      }
      continue;
    }
    const last = tokens.length - 1;
    if (term.prefix) prefixes.push(tokens[last] as string);
    positive.push(...tokens.map((token, i) => (term.prefix && i === last ? `${quote(token)}*` : quote(token))));
    if (substring) {
      where.push('instr(lower(r.text), ?) > 0');
      params.push(term.text.toLowerCase());
    }
  }

  const field = <T>(filter: FieldFilter<T>, prefix: string, toIds: (value: T) => number[]): void => {
    if (filter.include.length > 0) {
      const included = [...new Set(filter.include.flatMap(toIds))];
      if (included.length === 0) impossible = true;
      else positive.push(anyOf(included.map((id) => `${prefix}${id}`)));
    }
    for (const id of new Set(filter.exclude.flatMap(toIds))) negative.push(`${prefix}${id}`);
  };
  field(query.services, 'zvs', (name) => ids.services(name));
  field(query.levels, 'zvl', (level) => [levelCode(level)]);
  field(query.sources, 'zvo', (value) => ids.sources(value));
  field(query.patterns, 'zvp', (id) => [id]);

  // Parsed fields: their index words; the row's fields checked too where a word could stand for
  // another pair (see field-word.ts). An exclusion with such a pair is a row check only.
  for (const match of query.fields) {
    const exact = match.values.every((value) => fieldWordIsExact(match.key, value));
    const words = [...new Set(match.values.map((value) => fieldWord(match.key, value)))];
    if (!match.negate) positive.push(anyOf(words));
    else if (exact) negative.push(...words);
    if (exact) continue;
    const values = [...new Set(match.values.map(asciiLower))];
    where.push(
      `${match.negate ? 'NOT ' : ''}EXISTS (SELECT 1 FROM json_each(r.fields) WHERE lower(key) = ? AND lower(value) IN (${values.map(() => '?').join(', ')}))`,
    );
    params.push(asciiLower(match.key), ...values);
  }

  if (positive.length === 0 && negative.length === 0) return { match: null, where, params, impossible, prefixes };
  const base = positive.length === 0 ? ANY_LINE : positive.join(' AND ');
  const match = negative.length === 0 ? base : `(${base})${negative.map((term) => ` NOT ${term}`).join('')}`;
  return { match, where, params, impossible, prefixes };
}
