import { formatDuration, parseDuration } from '../../../../shared/duration';
import type { SilenceMatcher } from '../../../../shared/types/alerts';

/** Alertmanager's four matcher operators. */
export type MatcherOperator = '=' | '!=' | '=~' | '!~';
export const matcherOperators: readonly MatcherOperator[] = ['=', '!=', '=~', '!~'];

export interface MatcherRow {
  id: number;
  name: string;
  operator: MatcherOperator;
  value: string;
}

export function operatorOf(matcher: Pick<SilenceMatcher, 'isRegex' | 'isEqual'>): MatcherOperator {
  return matcher.isRegex ? (matcher.isEqual ? '=~' : '!~') : matcher.isEqual ? '=' : '!=';
}

export function toMatcher(row: MatcherRow): SilenceMatcher {
  return {
    name: row.name.trim(),
    value: row.value,
    isRegex: row.operator === '=~' || row.operator === '!~',
    isEqual: row.operator === '=' || row.operator === '=~',
  };
}

/** What is wrong with a row, in words, or null. */
export function matcherProblem(row: MatcherRow): string | null {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(row.name.trim())) return 'a label name: letters, digits and _';
  if (row.operator === '=~' || row.operator === '!~') {
    try {
      new RegExp(`^(?:${row.value})$`);
    } catch (error) {
      return (error as Error).message.replace(/^Invalid regular expression: /, '');
    }
  }
  return null;
}

/** A silence's length from a preset or a typed duration ("90m", "2h30m"); null when it is not one. */
export function silenceLength(choice: string, custom: string): { ms: number; text: string } | null {
  const text = choice === 'custom' ? custom.trim() : choice;
  const ms = parseDuration(text);
  if (ms === null || ms <= 0) return null;
  return { ms, text: formatDuration(ms) };
}
