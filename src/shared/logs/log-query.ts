import { logLevels, type LogLevel } from '../types/logs';
import { isServiceOrReplica } from '../replica-id';

/**
 * The search language of the Logs page, the API and the CLI:
 *   timeout                a word (any case)         "connection reset"  a phrase
 *   time*                  a word prefix (3+ letters) -debug, -"health check"  exclusions
 *   service:api,web        fields: service, level, source, pattern (comma = or; -field: excludes)
 *   level:warn+            that level and worse
 *   field.role:primary     a field a plugin's log parser read from the line (comma = or;
 *                          -field.role:primary excludes); key and value whole, ASCII case ignored
 * Any other `key:value` is text, as it always was (a line saying "role:primary" is found by it):
 * the `field.` prefix keeps parsed fields apart from text and from the four built-in filters.
 * Parsed here so the engine (search, live tail) and the renderer (highlights) agree.
 */
export interface QueryTerm {
  text: string;
  /** Written in quotes: must appear as written, not just as words. */
  phrase: boolean;
  prefix: boolean;
  negate: boolean;
}

export interface FieldFilter<T> {
  include: T[];
  exclude: T[];
}

/** field.KEY:VALUE,VALUE: the line has field KEY with one of the values (negate: with none of them). */
export interface ParsedFieldMatch {
  key: string;
  values: string[];
  negate: boolean;
}

export interface LogQuery {
  terms: QueryTerm[];
  services: FieldFilter<string>;
  levels: FieldFilter<LogLevel>;
  sources: FieldFilter<string>;
  patterns: FieldFilter<number>;
  /** Filters on parsed fields, all of which must hold. */
  fields: ParsedFieldMatch[];
}

const fieldNames = ['service', 'level', 'source', 'pattern'] as const;
/** The prefix of a filter on a parsed field: field.role:primary. */
const PARSED_FIELD_PREFIX = 'field.';

/** Lower-cases A-Z only, as SQLite's lower() does (the store's index of fields is built with it). */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}
/** Letters a prefix needs (time* yes, t* no). */
export const MIN_PREFIX = 3;

/** Words as SQLite's unicode61 tokenizer sees them: runs of letters and digits, lower-cased. */
export function textTokens(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token !== '');
}

function levelsFrom(value: string): LogLevel[] {
  const orWorse = value.endsWith('+');
  const name = (orWorse ? value.slice(0, -1) : value).toLowerCase();
  const aliases: Record<string, LogLevel> = { warning: 'warn', err: 'error', crit: 'fatal', critical: 'fatal' };
  const level = (aliases[name] ?? name) as LogLevel;
  const index = logLevels.indexOf(level);
  if (index < 0) return [];
  return orWorse ? logLevels.slice(index) : [level];
}

/** Never throws: what cannot be read as a field is searched as text. */
export function parseLogQuery(input: string): LogQuery {
  const query: LogQuery = {
    terms: [],
    services: { include: [], exclude: [] },
    levels: { include: [], exclude: [] },
    sources: { include: [], exclude: [] },
    patterns: { include: [], exclude: [] },
    fields: [],
  };
  const pattern = /(-?)(?:"([^"]*)"?|(\S+))/g;
  for (const match of input.matchAll(pattern)) {
    const negate = match[1] === '-';
    const quoted = match[2];
    if (quoted !== undefined) {
      if (quoted.trim() !== '') query.terms.push({ text: quoted, phrase: true, prefix: false, negate });
      continue;
    }
    const word = match[3] as string;
    const parsedField = parsedFieldMatch(word, negate);
    if (parsedField !== null) {
      query.fields.push(parsedField);
      continue;
    }
    const colon = word.indexOf(':');
    const field = colon > 0 ? word.slice(0, colon).toLowerCase() : '';
    const value = colon > 0 ? word.slice(colon + 1) : '';
    if ((fieldNames as readonly string[]).includes(field) && value !== '') {
      const target = (list: string[]) => list.filter((item) => item !== '');
      const values = target(value.split(','));
      if (field === 'service') (negate ? query.services.exclude : query.services.include).push(...values);
      else if (field === 'source') (negate ? query.sources.exclude : query.sources.include).push(...values);
      else if (field === 'level') (negate ? query.levels.exclude : query.levels.include).push(...values.flatMap(levelsFrom));
      else {
        const ids = values.map(Number).filter((id) => Number.isInteger(id) && id > 0);
        (negate ? query.patterns.exclude : query.patterns.include).push(...ids);
      }
      continue;
    }
    if (word === '-') continue;
    // A prefix of one or two letters would match most of the index: it is read as the word itself.
    const prefix = word.endsWith('*') && textTokens(word.slice(0, -1)).join('').length >= MIN_PREFIX;
    const text = word.endsWith('*') ? word.slice(0, -1) : word;
    if (textTokens(text).length === 0) continue;
    query.terms.push({ text, phrase: false, prefix, negate });
  }
  return query;
}

/** `field.KEY:VALUE[,VALUE]` with a key and at least one value, else null (then it is text). */
function parsedFieldMatch(word: string, negate: boolean): ParsedFieldMatch | null {
  if (asciiLower(word.slice(0, PARSED_FIELD_PREFIX.length)) !== PARSED_FIELD_PREFIX) return null;
  const colon = word.indexOf(':');
  const key = word.slice(PARSED_FIELD_PREFIX.length, colon);
  const values = word
    .slice(colon + 1)
    .split(',')
    .filter((value) => value !== '');
  if (colon < 0 || key === '' || values.length === 0) return null;
  return { key, values, negate };
}

/** The texts to highlight: positive words and phrases. */
export function highlightTerms(query: LogQuery): string[] {
  return query.terms.filter((term) => !term.negate).map((term) => term.text);
}

/** A term needs a substring check when it is more than one token (a phrase, "/api/orders"). */
export function needsSubstringCheck(term: QueryTerm): boolean {
  return term.phrase || textTokens(term.text).length > 1;
}

/** The subject of a line as the matcher sees it. */
export interface MatchableLine {
  level: LogLevel;
  service: string;
  source: string;
  sourceKind?: string;
  patternId: number | null;
  text: string;
  fields?: Readonly<Record<string, string>>;
}

/** Whether a line's parsed fields hold KEY with one of the values (ASCII case ignored), as the store's search says. */
export function fieldMatches(match: ParsedFieldMatch, fields: Readonly<Record<string, string>> | undefined): boolean {
  if (fields === undefined) return false;
  const key = asciiLower(match.key);
  const values = match.values.map(asciiLower);
  return Object.entries(fields).some(([name, value]) => asciiLower(name) === key && values.includes(asciiLower(value)));
}

function termMatches(term: QueryTerm, lower: string, tokens: Set<string> | null, tokenList: () => string[]): boolean {
  if (needsSubstringCheck(term)) return lower.includes(term.text.toLowerCase());
  const token = textTokens(term.text)[0] as string;
  if (term.prefix) return tokenList().some((candidate) => candidate.startsWith(token));
  return (tokens ?? new Set(tokenList())).has(token);
}

/** The same semantics as the store's search, for lines that have not been stored yet (live tail). */
export function lineMatches(query: LogQuery, line: MatchableLine): boolean {
  const within = <T>(filter: FieldFilter<T>, values: T[]): boolean =>
    (filter.include.length === 0 || values.some((value) => filter.include.includes(value))) && !values.some((value) => filter.exclude.includes(value));
  // A service's filter takes its replicas' lines too (web matches web#2), as the store's search does.
  const services = query.services;
  if (services.include.length > 0 && !services.include.some((name) => isServiceOrReplica(line.service, name))) return false;
  if (services.exclude.some((name) => isServiceOrReplica(line.service, name))) return false;
  if (!within(query.levels, [line.level])) return false;
  const fileName = line.source.slice(line.source.lastIndexOf('/') + 1);
  if (!within(query.sources, [line.source, fileName, ...(line.sourceKind === undefined ? [] : [line.sourceKind])])) return false;
  if (!within(query.patterns, line.patternId === null ? [] : [line.patternId])) return false;
  if (query.patterns.include.length > 0 && line.patternId === null) return false;
  if (!query.fields.every((match) => fieldMatches(match, line.fields) !== match.negate)) return false;
  if (query.terms.length === 0) return true;
  const lower = line.text.toLowerCase();
  let list: string[] | null = null;
  const tokenList = (): string[] => (list ??= textTokens(line.text));
  const tokens = new Set(tokenList());
  return query.terms.every((term) => termMatches(term, lower, tokens, tokenList) !== term.negate);
}
