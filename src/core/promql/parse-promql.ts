import { parser } from '@prometheus-io/lezer-promql';
import { matchesEmpty, type LabelMatcher } from '../store/labels';
import {
  aggregateOps,
  isComparison,
  isSetOp,
  type AggregateOp,
  type BinaryOp,
  type Expr,
  type ValueType,
  type VectorMatching,
  type VectorSelector,
} from './ast';
import { functionSignatures } from './function-signatures';
import { parsePromDuration, parsePromNumber } from './literals';
import { readSelector, type SelectorProblem } from './selector-syntax';

type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

/** A problem in an expression, at offsets into its text. */
export class PromqlError extends Error {
  constructor(
    message: string,
    readonly from: number,
    readonly to: number = from,
  ) {
    super(message);
    this.name = 'PromqlError';
  }
}

export interface ParsedExpr {
  expr: Expr;
  type: ValueType;
}

const binaryOpNodes: Record<string, BinaryOp> = {
  Add: '+',
  Sub: '-',
  Mul: '*',
  Div: '/',
  Mod: '%',
  Pow: '^',
  Eql: '==',
  Neq: '!=',
  Gtr: '>',
  Lss: '<',
  Gte: '>=',
  Lte: '<=',
  And: 'and',
  Or: 'or',
  Unless: 'unless',
};

/** Aggregations PromQL has that this subset does not evaluate: named in the error rather than "unknown". */
const knownUnsupportedAggregations = ['topk', 'bottomk', 'quantile', 'stddev', 'stdvar', 'count_values', 'group', 'limitk', 'limit_ratio'];

const typeWords: Record<ValueType, string> = { scalar: 'scalar', vector: 'instant vector', matrix: 'range vector' };

/**
 * Parses an expression with Prometheus' own grammar (lezer-promql) into the subset Zervigo
 * evaluates, checking types as Prometheus does. Anything outside the subset is an error that
 * names the construct and where it is.
 */
export function parsePromql(text: string): ParsedExpr {
  const tree = parser.parse(text);
  reportSyntaxErrors(tree.topNode, text);
  const children = significantChildren(tree.topNode);
  if (children.length === 0) throw new PromqlError('the expression is empty', 0);
  if (children.length > 1) throw new PromqlError(`unexpected ${quote(text, children[1] as SyntaxNode)}`, (children[1] as SyntaxNode).from);
  return new Converter(text).convert(children[0] as SyntaxNode);
}

function reportSyntaxErrors(top: SyntaxNode, text: string): void {
  let error: SyntaxNode | null = null;
  top.cursor().iterate((ref) => {
    if (error !== null) return false;
    if (ref.type.isError) {
      error = ref.node;
      return false;
    }
    return true;
  });
  if (error === null) return;
  const node = error as SyntaxNode;
  // `foo(x)` parses as the selector `foo` followed by junk: the grammar knows only real function names.
  const previous = node.prevSibling;
  if (previous?.name === 'Identifier' && text[node.from] === '(') {
    throw new PromqlError(`unknown function "${text.slice(previous.from, previous.to)}"`, previous.from, previous.to);
  }
  if (node.from >= text.trimEnd().length) throw new PromqlError('the expression ends too early', node.from);
  const found = text.slice(node.from, Math.max(node.to, node.from + 1)).split('\n')[0] as string;
  throw new PromqlError(`unexpected "${found}"`, node.from, node.to);
}

function significantChildren(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child !== null; child = child.nextSibling) if (child.name !== 'LineComment') out.push(child);
  return out;
}

function quote(text: string, node: SyntaxNode): string {
  return `"${text.slice(node.from, node.to)}"`;
}

class Converter {
  constructor(private readonly text: string) {}

  private source(node: SyntaxNode): string {
    return this.text.slice(node.from, node.to);
  }

  private fail(node: SyntaxNode, message: string): never {
    throw new PromqlError(message, node.from, node.to);
  }

  convert(node: SyntaxNode): ParsedExpr {
    switch (node.name) {
      case 'ParenExpr': {
        const inner = significantChildren(node)[0];
        if (inner === undefined) this.fail(node, 'empty parentheses');
        return this.convert(inner);
      }
      case 'NumberDurationLiteral': {
        const value = parsePromNumber(this.source(node));
        if (value === null) this.fail(node, `${quote(this.text, node)} is a duration where a number is expected`);
        return { expr: { kind: 'number', value, from: node.from, to: node.to }, type: 'scalar' };
      }
      case 'StringLiteral':
        return this.fail(node, 'string expressions are not supported; an expression must give numbers');
      case 'VectorSelector':
        return { expr: this.vectorSelector(node, 0), type: 'vector' };
      case 'OffsetExpr':
        return this.offsetExpr(node);
      case 'MatrixSelector':
        return this.matrixSelector(node);
      case 'UnaryExpr':
        return this.unary(node);
      case 'BinaryExpr':
        return this.binary(node);
      case 'AggregateExpr':
        return this.aggregate(node);
      case 'FunctionCall':
        return this.call(node);
      case 'SubqueryExpr':
        return this.fail(node, `subqueries (${quote(this.text, node)}) are not supported`);
      case 'StepInvariantExpr':
        return this.fail(node, 'the @ modifier is not supported');
      default:
        return this.fail(node, `${quote(this.text, node)} (${node.name}) is not supported`);
    }
  }

  private vectorSelector(node: SyntaxNode, offsetMs: number): VectorSelector {
    const syntax = readSelector(node, this.text, (problem) => this.fail(problem.node, this.selectorProblem(problem)));
    let name = syntax.name;
    const written: LabelMatcher[] = name === null ? [...syntax.matchers] : [{ name: '__name__', type: '=', value: name }, ...syntax.matchers];
    const matchers = [...syntax.matchers];
    if (name === null) {
      const byName = matchers.findIndex((matcher) => matcher.name === '__name__' && matcher.type === '=');
      if (byName >= 0) name = (matchers.splice(byName, 1)[0] as LabelMatcher).value;
    } else if (matchers.some((matcher) => matcher.name === '__name__')) {
      this.fail(node, `metric name given twice in ${quote(this.text, node)}`);
    }
    if (name === null && written.every((matcher) => matchesEmpty(matcher))) {
      this.fail(node, `${quote(this.text, node)} selects every series: a selector needs a metric name or a matcher that does not match the empty string`);
    }
    return { kind: 'vector', name, matchers, written, offsetMs, from: node.from, to: node.to };
  }

  private selectorProblem(problem: SelectorProblem): string {
    switch (problem.kind) {
      case 'unsupported':
        return `${quote(this.text, problem.node)} is not supported in a selector`;
      case 'incomplete-matcher':
        return `incomplete label matcher ${quote(this.text, problem.node)}`;
      case 'unknown-operator':
        return `unknown match operator ${quote(this.text, problem.node)}`;
      case 'bad-string':
        return problem.message;
      case 'bad-regex':
        return `${this.source(problem.node)} is not a regular expression this evaluator understands (${problem.reason})`;
    }
  }

  private duration(node: SyntaxNode, what: string): number {
    const literal = significantChildren(node);
    const single = literal.length === 1 && literal[0]?.name === 'NumberDurationLiteralInDurationContext' ? literal[0] : null;
    if (single === null) this.fail(node, `${quote(this.text, node)}: only a plain duration (5m, 1h30m) is supported as ${what}`);
    const ms = parsePromDuration(this.source(single));
    if (ms === null) this.fail(single, `${quote(this.text, single)} is not a duration (write e.g. 30s, 5m, 1h30m)`);
    return ms;
  }

  private offsetDuration(node: SyntaxNode): number {
    const children = significantChildren(node);
    if (children[0]?.name === 'UnaryOp' && children[1]?.name === 'OffsetDurationExpr') {
      const sign = this.source(children[0]) === '-' ? -1 : 1;
      return sign * this.offsetDuration(children[1]);
    }
    return this.duration(node, 'an offset');
  }

  private offsetExpr(node: SyntaxNode): ParsedExpr {
    const [target, , duration] = significantChildren(node);
    if (target === undefined || duration === undefined) this.fail(node, `incomplete offset ${quote(this.text, node)}`);
    const offsetMs = this.offsetDuration(duration);
    if (target.name === 'VectorSelector') return { expr: this.vectorSelector(target, offsetMs), type: 'vector' };
    if (target.name === 'MatrixSelector') {
      const matrix = this.matrixSelector(target);
      if (matrix.expr.kind !== 'matrix' || matrix.expr.selector.offsetMs !== 0) this.fail(node, 'offset given twice');
      matrix.expr.selector.offsetMs = offsetMs;
      matrix.expr.to = node.to;
      return matrix;
    }
    return this.fail(node, `offset must follow a selector (like x offset 5m or x[5m] offset 5m), not ${quote(this.text, target)}`);
  }

  private matrixSelector(node: SyntaxNode): ParsedExpr {
    const [target, range] = significantChildren(node);
    if (target === undefined || range === undefined) this.fail(node, `incomplete range selector ${quote(this.text, node)}`);
    if (target.name !== 'VectorSelector') {
      if (target.name === 'OffsetExpr') this.fail(target, 'write the offset after the range: x[5m] offset 1m');
      this.fail(node, `a range [..] can only follow a selector, not ${quote(this.text, target)}`);
    }
    const rangeMs = this.duration(range, 'a range');
    if (rangeMs <= 0) this.fail(range, 'a range must be longer than zero');
    return { expr: { kind: 'matrix', selector: this.vectorSelector(target, 0), rangeMs, from: node.from, to: node.to }, type: 'matrix' };
  }

  private unary(node: SyntaxNode): ParsedExpr {
    const [op, operand] = significantChildren(node);
    if (op === undefined || operand === undefined) this.fail(node, `incomplete expression ${quote(this.text, node)}`);
    const inner = this.convert(operand);
    if (inner.type === 'matrix') this.fail(node, 'unary minus/plus needs a scalar or an instant vector, not a range vector');
    const sign = this.source(op) === '-' ? '-' : '+';
    if (inner.expr.kind === 'number') {
      return { expr: { ...inner.expr, value: sign === '-' ? -inner.expr.value : inner.expr.value, from: node.from }, type: 'scalar' };
    }
    return { expr: { kind: 'unary', op: sign, expr: inner.expr, from: node.from, to: node.to }, type: inner.type };
  }

  private binary(node: SyntaxNode): ParsedExpr {
    const children = significantChildren(node);
    const lhsNode = children[0];
    const rhsNode = children.at(-1);
    const opNode = children[1];
    if (lhsNode === undefined || rhsNode === undefined || opNode === undefined || children.length < 3)
      this.fail(node, `incomplete expression ${quote(this.text, node)}`);
    const op = binaryOpNodes[opNode.name];
    if (op === undefined) this.fail(opNode, `the operator ${quote(this.text, opNode)} is not supported`);
    let bool = false;
    let matching: VectorMatching | null = null;
    for (const modifier of children.slice(2, -1)) {
      if (modifier.name === 'BoolModifier') bool = true;
      else if (modifier.name === 'MatchingModifierClause') matching = this.matching(modifier);
      else this.fail(modifier, `${quote(this.text, modifier)} is not supported here`);
    }
    const lhs = this.convert(lhsNode);
    const rhs = this.convert(rhsNode);
    if (lhs.type === 'matrix' || rhs.type === 'matrix') {
      this.fail(
        lhs.type === 'matrix' ? lhsNode : rhsNode,
        `"${op}" needs scalars or instant vectors on both sides, not a range vector (wrap it in a function like rate())`,
      );
    }
    if (bool && !isComparison(op)) this.fail(node, 'bool can only follow a comparison operator (==, !=, >, <, >=, <=)');
    const scalars = lhs.type === 'scalar' && rhs.type === 'scalar';
    if (isSetOp(op) && (lhs.type !== 'vector' || rhs.type !== 'vector')) this.fail(node, `"${op}" needs instant vectors on both sides`);
    if (scalars && isComparison(op) && !bool) this.fail(node, `comparing two scalars needs bool: ${this.source(lhsNode)} ${op} bool ${this.source(rhsNode)}`);
    if (matching !== null && (lhs.type !== 'vector' || rhs.type !== 'vector')) this.fail(node, 'on(...)/ignoring(...) can only join two instant vectors');
    return { expr: { kind: 'binary', op, bool, matching, lhs: lhs.expr, rhs: rhs.expr, from: node.from, to: node.to }, type: scalars ? 'scalar' : 'vector' };
  }

  private matching(node: SyntaxNode): VectorMatching {
    let on: boolean | null = null;
    let labels: string[] = [];
    for (const child of significantChildren(node)) {
      if (child.name === 'On' || child.name === 'Ignoring') on = child.name === 'On';
      else if (child.name === 'GroupingLabels' && on !== null) labels = this.groupingLabels(child);
      else if (child.name === 'GroupLeft' || child.name === 'GroupRight')
        this.fail(child, `${this.source(child)} (many-to-one matching) is not supported; only one-to-one matching with on/ignoring`);
      else this.fail(child, `${quote(this.text, child)} is not supported in vector matching`);
    }
    return { on: on ?? false, labels };
  }

  private groupingLabels(node: SyntaxNode): string[] {
    return significantChildren(node).map((child) => {
      if (child.name !== 'LabelName') this.fail(child, `${quote(this.text, child)}: quoted label names are not supported`);
      return this.source(child);
    });
  }

  private aggregate(node: SyntaxNode): ParsedExpr {
    let op: AggregateOp | null = null;
    let grouping = { without: false, labels: [] as string[] };
    let body: SyntaxNode | null = null;
    for (const child of significantChildren(node)) {
      if (child.name === 'AggregateOp') {
        const name = this.source(child);
        if (!(aggregateOps as readonly string[]).includes(name)) {
          if (knownUnsupportedAggregations.includes(name))
            this.fail(child, `the aggregation ${name}() is not supported (supported: ${aggregateOps.join(', ')})`);
          this.fail(child, `unknown aggregation ${name}()`);
        }
        op = name as AggregateOp;
      } else if (child.name === 'AggregateModifier') {
        const [kind, labels] = significantChildren(child);
        grouping = { without: kind?.name === 'Without', labels: labels === undefined ? [] : this.groupingLabels(labels) };
      } else if (child.name === 'FunctionCallBody') body = child;
    }
    if (op === null || body === null) this.fail(node, `incomplete aggregation ${quote(this.text, node)}`);
    const args = significantChildren(body);
    if (args.length !== 1) this.fail(body, `${op}() takes exactly one instant vector, got ${args.length} argument${args.length === 1 ? '' : 's'}`);
    const inner = this.convert(args[0] as SyntaxNode);
    if (inner.type !== 'vector') this.fail(args[0] as SyntaxNode, `${op}() needs an instant vector, not a ${typeWords[inner.type]}`);
    return { expr: { kind: 'aggregate', op, grouping, expr: inner.expr, from: node.from, to: node.to }, type: 'vector' };
  }

  private call(node: SyntaxNode): ParsedExpr {
    const identifier = significantChildren(node).find((child) => child.name === 'FunctionIdentifier');
    const body = significantChildren(node).find((child) => child.name === 'FunctionCallBody');
    if (identifier === undefined || body === undefined) this.fail(node, `incomplete function call ${quote(this.text, node)}`);
    const name = this.source(identifier);
    const signature = functionSignatures[name];
    if (signature === undefined) {
      this.fail(identifier, `the function ${name}() is not supported (supported: ${Object.keys(functionSignatures).sort().join(', ')})`);
    }
    const argNodes = significantChildren(body);
    const optional = signature.optional ?? 0;
    const required = signature.args.length - optional;
    if (argNodes.length < required || argNodes.length > signature.args.length) {
      const expected = optional === 0 ? String(signature.args.length) : `${required} to ${signature.args.length}`;
      this.fail(body, `${name}() takes ${expected} argument${signature.args.length === 1 ? '' : 's'}, got ${argNodes.length}`);
    }
    const args = argNodes.map((argNode, i) => {
      const arg = this.convert(argNode);
      const expected = signature.args[i] as ValueType;
      if (arg.type !== expected)
        this.fail(
          argNode,
          `${name}() needs a ${typeWords[expected]} as argument ${i + 1}, not a ${typeWords[arg.type]}${expected === 'matrix' ? ` (write e.g. ${this.source(argNode)}[5m])` : ''}`,
        );
      return arg.expr;
    });
    return { expr: { kind: 'call', name, args, from: node.from, to: node.to }, type: signature.returns };
  }
}
