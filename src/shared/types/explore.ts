/** Prometheus' /api/v1/query result shape (the `data` of its response): times in seconds, values as strings. */
export type InstantResult =
  | { resultType: 'vector'; result: { metric: Record<string, string>; value: [number, string] }[] }
  | { resultType: 'scalar'; result: [number, string] }
  | { resultType: 'matrix'; result: { metric: Record<string, string>; values: [number, string][] }[] };

export type CompletionKind = 'metric' | 'function' | 'aggregation' | 'keyword' | 'label' | 'value';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  /** What to insert when it differs from the label (a label value is inserted quoted-safe). */
  apply?: string;
  detail?: string;
}

/** What may be typed at a place in an expression: the items replace the text from `from` to `to`. */
export interface PromqlCompletion {
  from: number;
  to: number;
  items: CompletionItem[];
}

/** A rule's expression split at its comparison: what to graph and the line it is compared with. */
export interface RuleThreshold {
  /** The side that is not the number: the graph. */
  query: string;
  /** The number; null when the expression compares nothing with a constant (only the graph is drawn). */
  value: number | null;
  /** The comparison as read with the graph on the left: `>` in `80 < cpu` is `>`. */
  op: '==' | '!=' | '>' | '<' | '>=' | '<=' | null;
}
