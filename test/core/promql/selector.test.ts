import { describe, expect, it } from 'vitest';
import { parseSelector } from '../../../src/core/promql/selector';

describe('parseSelector (PromQL selector syntax, via lezer-promql)', () => {
  it('reads a name and label matchers of all four kinds', () => {
    expect(parseSelector('probe_success{service="api",probe=~"http.*",instance!="x",env!~\'dev|test\'}')).toEqual({
      name: 'probe_success',
      matchers: [
        { name: 'service', type: '=', value: 'api' },
        { name: 'probe', type: '=~', value: 'http.*' },
        { name: 'instance', type: '!=', value: 'x' },
        { name: 'env', type: '!~', value: 'dev|test' },
      ],
    });
  });

  it('reads a bare name, __name__ matchers and quoted names', () => {
    expect(parseSelector('up')).toEqual({ name: 'up', matchers: [] });
    expect(parseSelector('{__name__="up", job="x"}')).toEqual({
      name: 'up',
      matchers: [
        { name: '__name__', type: '=', value: 'up' },
        { name: 'job', type: '=', value: 'x' },
      ],
    });
    expect(parseSelector('{"my.metric"}').name).toBe('my.metric');
    expect(parseSelector('{__name__=~"probe_.*"}').name).toBeNull();
  });

  it('unescapes string literals as PromQL does', () => {
    expect(parseSelector('m{path="C:\\\\dir",msg="say \\"hi\\"\\n"}').matchers).toEqual([
      { name: 'path', type: '=', value: 'C:\\dir' },
      { name: 'msg', type: '=', value: 'say "hi"\n' },
    ]);
    expect(parseSelector('m{re=`\\d+`}').matchers[0]?.value).toBe('\\d+');
  });

  it('explains what is wrong, and where', () => {
    expect(() => parseSelector('probe_success{service="api"')).toThrow(/the selector ends too early/);
    expect(() => parseSelector('probe_success{service=api}')).toThrow(/unexpected "api}" at column 23/);
    expect(() => parseSelector('rate(probe_success[5m])')).toThrow(
      /only series selectors .* not function calls \(a chart or a series listing takes a selector/,
    );
    expect(() => parseSelector('up > 1')).toThrow(/not operators/);
    expect(() => parseSelector('{job=""}')).toThrow(/needs a metric name or at least one matcher that does not match the empty string/);
    expect(() => parseSelector('up{job=~"("}')).toThrow(/the regular expression of job=~"\(" is invalid/);
  });
});
