/** Accepted status codes as written in `expect.status`: 200, "2xx", "200-299", or a list. */
export type StatusSpec = number | string;

export interface StatusMatcher {
  test(code: number): boolean;
  /** "2xx", "200 or 204", for reasons. */
  text: string;
}

export function statusMatcher(spec: StatusSpec | StatusSpec[] | undefined): StatusMatcher {
  const specs = spec === undefined ? ['2xx'] : Array.isArray(spec) ? spec : [spec];
  const ranges = specs.map((one): [number, number] => {
    if (typeof one === 'number') return [one, one];
    const hundreds = /^([1-5])xx$/.exec(one);
    if (hundreds !== null) return [Number(hundreds[1]) * 100, Number(hundreds[1]) * 100 + 99];
    const [from, to] = one.split('-').map(Number) as [number, number | undefined];
    return [from, to ?? from];
  });
  return {
    test: (code) => ranges.some(([from, to]) => code >= from && code <= to),
    text: specs.map(String).join(' or '),
  };
}
