import type { AssistantCommand } from '../../../../shared/contract/assistant-plan';
import type { Clause } from '../clause';
import { httpStatusAt, saysStatus } from '../text/http-status';
import type { Word } from '../sentence';
import { clauseWindow, rangeInput } from '../time/window-input';
import { none, type ClausePlan, type IntentDefinition } from './intent';

/** Severity words → the search language's level filter; "errors" means errors and worse. */
const LEVELS: ReadonlyArray<readonly [string, string]> = [
  ['level:fatal', 'level:fatal+'],
  ['level:error', 'level:error+'],
  ['level:warn', 'level:warn+'],
  ['level:info', 'level:info'],
  ['level:debug', 'level:debug'],
];

function quoteIfNeeded(text: string): string {
  return /\s/.test(text) ? `"${text.replace(/"/g, '')}"` : text;
}

/** Text to search for: quoted, or words that mean nothing else ("containing timeout"). */
function searchTerms(clause: Clause): string[] {
  const terms: string[] = [];
  let run: Word[] = [];
  let negate = false;
  const push = (text: string): void => {
    terms.push(`${negate ? '-' : ''}${quoteIfNeeded(text)}`);
    negate = false;
  };
  const flush = (): void => {
    if (run.length > 0) push(run.map((word) => word.token.text).join(' '));
    run = [];
  };
  // Single letters are flags ("tail -f") or slips, not text to search for.
  const unknown = new Set(clause.unknownWords().filter((word) => word.token.kind === 'word' && word.token.text.length > 1));
  for (const [i, word] of clause.words.entries()) {
    // "throwing 500s": the status is the text to look for, the verb before it is not.
    const status = httpStatusAt(clause.words, i);
    if (status !== null) {
      if (saysStatus(run.at(-1))) run.pop();
      flush();
      push(status);
      continue;
    }
    if (unknown.has(word)) {
      run.push(word);
      continue;
    }
    flush();
    if (word.concepts.has('without')) negate = true;
    else if (word.token.kind === 'quoted') push(word.token.text);
  }
  flush();
  return terms;
}

/**
 * The level filter said: "fatal errors" is fatal and worse; "warnings and errors" (levels joined
 * by "and", "or", "和") is warn and worse — each "+" filter takes in the worse ones, so the mildest
 * of the joined levels covers them all.
 */
function levelFilter(clause: Clause): string | undefined {
  const said = LEVELS.filter(([concept]) => clause.has(concept));
  const positions = clause.words.flatMap((word, i) => (LEVELS.some(([concept]) => word.concepts.has(concept)) ? [i] : []));
  const joined = positions.some((at, k) => k > 0 && clause.words.slice((positions[k - 1] as number) + 1, at).some((word) => word.concepts.has('connector')));
  const mildest = said[said.length - 1];
  return joined && said.every(([, filter]) => filter.endsWith('+')) ? mildest?.[1] : said[0]?.[1];
}

/**
 * "db errors since 3am", "grep timeout in api logs", "看一下 db 最近一小时的错误日志": a log search
 * (or a live tail) with the service, level, text and time range the sentence gives.
 */
export const showLogsIntent: IntentDefinition = {
  name: 'logs',
  triggers: [],
  score(clause) {
    if (clause.has('log')) return 8;
    if (clause.has('search') || clause.has('live')) return 7;
    // "errors in worker since 3am", "any errors today?"
    if (clause.allWithPrefix('level:').length > 0 && !clause.allWithPrefix('metric:').length) return 6;
    // "the last 20 lines of worker": a count of lines is of log lines.
    return clause.counts().length > 0 && !clause.allWithPrefix('metric:').length ? 6 : 0;
  },
  plan(clause, context): ClausePlan {
    const targets = clause.serviceTargets();
    const withSuggestion = targets.unknown.find((name) => name.suggestions.length > 0);
    if (withSuggestion !== undefined) {
      return {
        kind: 'question',
        question: `There is no service "${withSuggestion.text}". Did you mean ${withSuggestion.suggestions.join(' or ')}?`,
        options: withSuggestion.suggestions.map((name) => ({
          label: `Logs of ${name}`,
          commands: [{ command: 'logs.search', input: { query: `service:${name}` } }],
        })),
      };
    }
    const ambiguous = targets.ambiguous[0];
    if (ambiguous !== undefined) {
      return {
        kind: 'question',
        question: `"${ambiguous.text}" could be ${ambiguous.candidates.join(' or ')}: which one?`,
        options: ambiguous.candidates.map((name) => ({
          label: `Logs of ${name}`,
          commands: [{ command: 'logs.search', input: { query: `service:${name}` } }],
        })),
      };
    }
    // "restart api then show the logs", "重启 api 后看日志": the logs of what was just acted on.
    const services = targets.names.length > 0 ? targets.names : targets.pronoun || (context.follows && !targets.all) ? context.previousServices : [];
    const parts: string[] = [];
    if (services.length > 0 && !targets.all) parts.push(`service:${services.join(',')}`);
    const level = levelFilter(clause);
    if (level !== undefined) parts.push(level);
    parts.push(...searchTerms(clause));
    const query = parts.join(' ');
    if (query.length > 2_000) return none('That search is longer than a log query may be (2,000 characters).');
    if (clause.has('live')) return { kind: 'commands', commands: [{ command: 'logs.tail', input: { query } }], services };
    const count = clause.counts()[0];
    const command: AssistantCommand = {
      command: 'logs.search',
      input: {
        query,
        ...rangeInput(clauseWindow(clause, true), context.clock),
        ...(count === undefined ? {} : { limit: Math.min(5_000, Math.max(1, count.value)) }),
      },
    };
    return { kind: 'commands', commands: [command], services };
  },
};
