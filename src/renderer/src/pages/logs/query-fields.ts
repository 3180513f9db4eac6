import { logLevels } from '../../../../shared/types/logs';
import { parseLogQuery } from '../../../../shared/logs/log-query';

/**
 * The Logs page's buttons and pickers are views of the query text, both ways: a level button
 * rewrites the query's `level:` and a typed `level:error+` lights its button; the service picker
 * does the same with `service:`. The query stays the one truth (it is what the URL carries).
 */
export const levelFilters = [
  { value: 'all', label: 'All levels' },
  { value: 'info+', label: 'Info+' },
  { value: 'warn+', label: 'Warn+' },
  { value: 'error+', label: 'Error+' },
] as const;

export type LevelFilter = (typeof levelFilters)[number]['value'];

/** The query's words as the parser splits them (phrases whole), with where each one is. */
const WORD = /(-?)(?:"[^"]*"?|\S+)/g;

function isField(word: string, field: string): boolean {
  const bare = word.startsWith('-') ? word.slice(1) : word;
  return !bare.startsWith('"') && bare.toLowerCase().startsWith(`${field}:`) && bare.length > field.length + 1;
}

/** The query without any `field:` words (also `-field:`), and with `field:value` at its end when given. */
export function withField(query: string, field: 'level' | 'service', value: string | null): string {
  const kept = [...query.matchAll(WORD)].map((match) => match[0]).filter((word) => !isField(word, field));
  if (value !== null) kept.push(`${field}:${value}`);
  return kept.join(' ');
}

/** Which level button the query's `level:` words amount to; null when they are something else (level:warn, -level:debug). */
export function levelFilterOf(query: string): LevelFilter | null {
  const { include, exclude } = parseLogQuery(query).levels;
  if (include.length === 0 && exclude.length === 0) return 'all';
  if (exclude.length > 0) return null;
  const wanted = new Set(include);
  for (const filter of levelFilters) {
    if (filter.value === 'all') continue;
    const from = logLevels.indexOf(filter.value.slice(0, -1) as (typeof logLevels)[number]);
    const levels = logLevels.slice(from);
    if (levels.length === wanted.size && levels.every((level) => wanted.has(level))) return filter.value;
  }
  return null;
}

/** The query with the level button's filter in place of its `level:` words. */
export function withLevelFilter(query: string, filter: LevelFilter): string {
  return withField(query, 'level', filter === 'all' ? null : filter);
}

/** The one service the query keeps to (`service:api`), or null (none, several, or exclusions). */
export function serviceOf(query: string): string | null {
  const { include, exclude } = parseLogQuery(query).services;
  return include.length === 1 && exclude.length === 0 ? (include[0] as string) : null;
}

/**
 * The query narrowed to lines whose parsed field KEY is VALUE (`field.KEY:VALUE` added), or null
 * when the pair cannot be written as one query word (a space, comma or quote in it, a ":" in the key).
 */
export function withParsedField(query: string, key: string, value: string): string | null {
  if (/[\s,"]/.test(key + value) || key.includes(':') || key === '' || value === '') return null;
  const word = `field.${key}:${value}`;
  const words = [...query.matchAll(WORD)].map((match) => match[0]);
  return words.includes(word) ? words.join(' ') : [...words, word].join(' ');
}
