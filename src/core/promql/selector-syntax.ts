import type { parser } from '@prometheus-io/lezer-promql';
import type { LabelMatcher, MatchType } from '../store/labels';
import { unquotePromString } from './literals';

type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

/** What can be wrong inside `name{...}`; each caller words it for its own readers. */
export type SelectorProblem =
  | { kind: 'unsupported'; node: SyntaxNode }
  | { kind: 'incomplete-matcher'; node: SyntaxNode }
  | { kind: 'unknown-operator'; node: SyntaxNode }
  | { kind: 'bad-string'; node: SyntaxNode; message: string }
  | { kind: 'bad-regex'; node: SyntaxNode; matcher: LabelMatcher; reason: string };

/** A selector as written: the metric name (bare, or quoted alone in braces) and the label matchers in braces. */
export interface SelectorSyntax {
  name: string | null;
  matchers: LabelMatcher[];
}

const matchOps: Record<string, MatchType> = { EqlSingle: '=', Neq: '!=', EqlRegex: '=~', NeqRegex: '!~' };

/**
 * Reads a VectorSelector node of lezer-promql: the one reading of selector syntax behind both
 * PromQL expressions and the plain selectors of charts and series listings. Label names may be
 * quoted ({"service.name"="api"}, Prometheus 3), a quoted name alone is the metric name
 * ({"my.metric"}), and regular expressions are checked as the store runs them: anchored, with
 * `.` matching newlines (Prometheus' (?s)).
 */
export function readSelector(node: SyntaxNode, text: string, fail: (problem: SelectorProblem) => never): SelectorSyntax {
  const source = (at: SyntaxNode): string => text.slice(at.from, at.to);
  const unquote = (at: SyntaxNode): string => {
    const result = unquotePromString(source(at));
    return result.ok ? result.value : fail({ kind: 'bad-string', node: at, message: result.message });
  };
  let name: string | null = null;
  const matchers: LabelMatcher[] = [];
  for (let child = node.firstChild; child !== null; child = child.nextSibling) {
    if (child.name === 'LineComment') continue;
    if (child.name === 'Identifier') {
      name = source(child);
      continue;
    }
    if (child.name !== 'LabelMatchers') fail({ kind: 'unsupported', node: child });
    for (let item = child.firstChild; item !== null; item = item.nextSibling) {
      if (item.name === 'LineComment') continue;
      if (item.name === 'QuotedLabelName') {
        name = unquote(item);
        continue;
      }
      if (item.name !== 'UnquotedLabelMatcher' && item.name !== 'QuotedLabelMatcher') fail({ kind: 'unsupported', node: item });
      const label = item.getChild('LabelName') ?? item.getChild('QuotedLabelName');
      const op = item.getChild('MatchOp');
      const value = item.getChild('StringLiteral');
      if (label === null || op === null || value === null) return fail({ kind: 'incomplete-matcher', node: item });
      const type = matchOps[op.firstChild?.name ?? ''];
      if (type === undefined) return fail({ kind: 'unknown-operator', node: op });
      const matcher: LabelMatcher = { name: label.name === 'QuotedLabelName' ? unquote(label) : source(label), type, value: unquote(value) };
      if (type === '=~' || type === '!~') {
        try {
          new RegExp(`^(?:${matcher.value})$`, 's');
        } catch (error) {
          fail({ kind: 'bad-regex', node: value, matcher, reason: (error as Error).message });
        }
      }
      matchers.push(matcher);
    }
  }
  return { name, matchers };
}
