import { parser } from '@prometheus-io/lezer-promql';
import { ZervigoError } from '../../shared/errors';
import { matchesEmpty, type LabelMatcher } from '../store/labels';
import { readSelector, type SelectorProblem } from './selector-syntax';

/**
 * A series selector: `name{label="v",other=~"re"}` — a metric name (or null) and label
 * matchers. Parsed with the PromQL grammar Prometheus' own editor uses, so what is accepted
 * here is exactly PromQL's selector syntax, read by the same code as selectors in expressions
 * (selector-syntax.ts).
 */
export interface Selector {
  name: string | null;
  matchers: LabelMatcher[];
}

type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

export function parseSelector(text: string): Selector {
  const tree = parser.parse(text);
  const at = (node: SyntaxNode): string => `column ${node.from + 1}`;
  const fail = (message: string): never => {
    throw new ZervigoError('invalid_input', `${message} in ${JSON.stringify(text)}`);
  };
  const errorNode = findError(tree.topNode);
  if (errorNode !== null) {
    fail(
      errorNode.from >= text.length
        ? 'the selector ends too early (a "}" or a quote missing?)'
        : `unexpected ${JSON.stringify(text.slice(errorNode.from, errorNode.from + 8))} at ${at(errorNode)}`,
    );
  }
  const expression = tree.topNode.firstChild;
  if (expression === null) return fail('the selector is empty');
  if (expression.name !== 'VectorSelector') {
    return fail(`only series selectors like probe_success{service="api"} are supported here, not ${describeExpression(expression.name)}`);
  }
  const syntax = readSelector(expression, text, (problem) => fail(problemText(problem, text, at)));
  let name = syntax.name;
  const { matchers } = syntax;
  const nameMatcher = matchers.find((matcher) => matcher.name === '__name__' && matcher.type === '=');
  if (name !== null && matchers.some((matcher) => matcher.name === '__name__')) fail(`the metric name is given twice at ${at(expression)}`);
  if (name === null && nameMatcher !== undefined) name = nameMatcher.value;
  if (name === null && !matchers.some((matcher) => !matchesEmpty(matcher))) {
    fail('a selector needs a metric name or at least one matcher that does not match the empty string');
  }
  return { name, matchers };
}

function problemText(problem: SelectorProblem, text: string, at: (node: SyntaxNode) => string): string {
  switch (problem.kind) {
    case 'bad-regex':
      return `the regular expression of ${problem.matcher.name}${problem.matcher.type}"${problem.matcher.value}" is invalid (${problem.reason})`;
    case 'bad-string':
      return `${problem.message} at ${at(problem.node)}`;
    case 'unsupported':
      return `unexpected ${JSON.stringify(text.slice(problem.node.from, problem.node.to))} at ${at(problem.node)}`;
    default:
      return `incomplete label matcher at ${at(problem.node)}`;
  }
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
