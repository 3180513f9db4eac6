import { parser } from '@prometheus-io/lezer-promql';
import { ZervigoError } from '../../shared/errors';
import { matchesEmpty, type LabelMatcher, type MatchType } from '../store/labels';

/**
 * A series selector: `name{label="v",other=~"re"}` — a metric name (or null) and label
 * matchers. Parsed with the PromQL grammar Prometheus' own editor uses, so what is accepted
 * here is exactly PromQL's selector syntax; the full expression language (rules/) can take
 * over the same input later.
 */
export interface Selector {
  name: string | null;
  matchers: LabelMatcher[];
}

type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

const matchTypes: Record<string, MatchType> = { EqlSingle: '=', Neq: '!=', EqlRegex: '=~', NeqRegex: '!~' };

export function parseSelector(text: string): Selector {
  const tree = parser.parse(text);
  const at = (node: SyntaxNode): string => `column ${node.from + 1}`;
  const fail = (message: string): never => {
    throw new ZervigoError('invalid_input', `${message} in ${JSON.stringify(text)}`);
  };
  const errorNode = findError(tree.topNode);
  if (errorNode !== null) {
    fail(errorNode.from >= text.length ? 'the selector ends too early (a "}" or a quote missing?)' : `unexpected ${JSON.stringify(text.slice(errorNode.from, errorNode.from + 8))} at ${at(errorNode)}`);
  }
  const expression = tree.topNode.firstChild;
  if (expression === null) return fail('the selector is empty');
  if (expression.name !== 'VectorSelector') {
    return fail(`only series selectors like probe_success{service="api"} are supported here, not ${describeExpression(expression.name)}`);
  }
  let name: string | null = null;
  const matchers: LabelMatcher[] = [];
  for (let child = expression.firstChild; child !== null; child = child.nextSibling) {
    if (child.name === 'Identifier') name = text.slice(child.from, child.to);
    if (child.name !== 'LabelMatchers') continue;
    for (let item = child.firstChild; item !== null; item = item.nextSibling) {
      if (item.name === 'QuotedLabelName') {
        // {"metric.name"}: a quoted metric name on its own (Prometheus 3 syntax).
        name = unquote(text.slice(item.from, item.to));
        continue;
      }
      if (item.name !== 'UnquotedLabelMatcher' && item.name !== 'QuotedLabelMatcher') continue;
      const label = item.getChild('LabelName') ?? item.getChild('QuotedLabelName');
      const op = item.getChild('MatchOp')?.firstChild;
      const value = item.getChild('StringLiteral');
      if (label === null || op === null || op === undefined || value === null) return fail(`incomplete label matcher at ${at(item)}`);
      const labelName = label.name === 'QuotedLabelName' ? unquote(text.slice(label.from, label.to)) : text.slice(label.from, label.to);
      const matcher: LabelMatcher = { name: labelName, type: matchTypes[op.name] ?? '=', value: unquote(text.slice(value.from, value.to)) };
      if (matcher.type === '=~' || matcher.type === '!~') {
        try {
          new RegExp(`^(?:${matcher.value})$`);
        } catch (error) {
          fail(`the regular expression of ${labelName}${matcher.type}"${matcher.value}" is invalid (${(error as Error).message})`);
        }
      }
      matchers.push(matcher);
    }
  }
  const nameMatcher = matchers.find((matcher) => matcher.name === '__name__' && matcher.type === '=');
  if (name === null && nameMatcher !== undefined) name = nameMatcher.value;
  if (name === null && !matchers.some((matcher) => !matchesEmpty(matcher))) {
    fail('a selector needs a metric name or at least one matcher that does not match the empty string');
  }
  return { name, matchers };
}

function findError(node: SyntaxNode): SyntaxNode | null {
  if (node.type.isError) return node;
  for (let child = node.firstChild; child !== null; child = child.nextSibling) {
    const found = findError(child);
    if (found !== null) return found;
  }
  return null;
}

function describeExpression(nodeName: string): string {
  const words: Record<string, string> = {
    FunctionCall: 'function calls',
    BinaryExpr: 'operators',
    AggregateExpr: 'aggregations',
    MatrixSelector: 'range selectors ([5m])',
    SubqueryExpr: 'subqueries',
    OffsetExpr: 'offset',
    NumberDurationLiteral: 'numbers',
    StringLiteral: 'strings',
    ParenExpr: 'parentheses',
  };
  return `${words[nodeName] ?? nodeName} (a chart or a series listing takes a selector; GET /api/v1/metrics evaluates expressions)`;
}

/** PromQL strings: "..." and '...' with Go escapes, `...` raw. */
export function unquote(literal: string): string {
  const quote = literal[0];
  const body = literal.slice(1, -1);
  if (quote === '`') return body;
  return body.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|[0-7]{3}|.)/g, (_, escape: string) => {
    switch (escape[0]) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'a':
        return '\x07';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      case 'u':
      case 'U':
        return String.fromCodePoint(Number.parseInt(escape.slice(1), 16));
      case 'x':
        return String.fromCharCode(Number.parseInt(escape.slice(1), 16));
      default:
        return /^[0-7]{3}$/.test(escape) ? String.fromCharCode(Number.parseInt(escape, 8)) : escape;
    }
  });
}
