import { parsePromql } from '../promql/parse-promql';
import { compileMatchers, type Labels } from '../store/labels';

/** Series selectors (already checked by the workspace schema) compiled into one test. */
export type SeriesTest = (name: string, labels: Labels) => boolean;

export function compileSelection(selectors: readonly string[]): SeriesTest {
  const tests = selectors.map(compileSelector);
  return (name, labels) => tests.some((test) => test(name, labels));
}

export function compileSelector(selector: string): SeriesTest {
  const { expr } = parsePromql(selector);
  if (expr.kind !== 'vector') throw new Error(`${selector} is not a series selector`);
  const matches = compileMatchers(expr.matchers);
  const wanted = expr.name;
  return (name, labels) => (wanted === null || name === wanted) && matches(name, labels);
}

/** `name{a="x",b="y"}`: how a series is written in PromQL, for links and summaries. */
export function selectorOf(name: string, labels: Labels): string {
  const pairs = Object.entries(labels).map(([key, value]) => `${key}=${JSON.stringify(value)}`);
  return pairs.length === 0 ? name : `${name}{${pairs.join(',')}}`;
}
