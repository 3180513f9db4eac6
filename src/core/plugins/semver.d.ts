/** Types for semver 6 (the version already in node_modules ships none); only what manifests use. */
declare module 'semver' {
  interface RangeOptions {
    includePrerelease?: boolean;
    loose?: boolean;
  }
  const semver: {
    valid(version: string): string | null;
    validRange(range: string): string | null;
    satisfies(version: string, range: string, options?: RangeOptions): boolean;
  };
  export default semver;
}
