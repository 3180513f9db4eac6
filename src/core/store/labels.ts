/** A series is a metric name plus a set of labels, as in Prometheus. */
export type Labels = Readonly<Record<string, string>>;

export type MatchType = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  name: string;
  type: MatchType;
  value: string;
}

/** `name{a="1",b="2"}` with labels sorted: one string per series, used as its identity. */
export function seriesKey(name: string, labels: Labels): string {
  const keys = Object.keys(labels)
    .filter((key) => labels[key] !== '')
    .sort();
  if (keys.length === 0) return name;
  return `${name}{${keys.map((key) => `${key}=${JSON.stringify(labels[key])}`).join(',')}}`;
}

/** Empty label values mean "no such label" (Prometheus semantics), so they are dropped. */
export function normalizeLabels(labels: Labels): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(labels).sort()) {
    const value = labels[key];
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}

/** Whether a matcher accepts a missing label: a selector needs one matcher that does not. */
export function matchesEmpty(matcher: LabelMatcher): boolean {
  switch (matcher.type) {
    case '=':
      return matcher.value === '';
    case '!=':
      return matcher.value !== '';
    case '=~':
      return new RegExp(`^(?:${matcher.value})$`, 's').test('');
    case '!~':
      return !new RegExp(`^(?:${matcher.value})$`, 's').test('');
  }
}

/** Compiles matchers once; regexes are fully anchored as in PromQL. */
export function compileMatchers(matchers: readonly LabelMatcher[]): (name: string, labels: Labels) => boolean {
  const tests = matchers.map((matcher) => {
    const read = (name: string, labels: Labels): string => (matcher.name === '__name__' ? name : (labels[matcher.name] ?? ''));
    switch (matcher.type) {
      case '=':
        return (name: string, labels: Labels) => read(name, labels) === matcher.value;
      case '!=':
        return (name: string, labels: Labels) => read(name, labels) !== matcher.value;
      case '=~': {
        const regex = new RegExp(`^(?:${matcher.value})$`, 's');
        return (name: string, labels: Labels) => regex.test(read(name, labels));
      }
      case '!~': {
        const regex = new RegExp(`^(?:${matcher.value})$`, 's');
        return (name: string, labels: Labels) => !regex.test(read(name, labels));
      }
    }
  });
  return (name, labels) => tests.every((test) => test(name, labels));
}
