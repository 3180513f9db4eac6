/** A time range as a sentence gives it: "the last 2h", or from/to instants (either may be open). */
export type TimeWindow = { kind: 'last'; ms: number } | { kind: 'span'; start?: number; end?: number };

/** A length of time and the word before it, which says what it is for. */
export interface DurationPhrase {
  ms: number;
  /** "for 2h" (a silence), "last 2h" / "2h ago" (a range), or bare "2h" (either). */
  prefix: 'for' | 'last' | 'ago' | 'none';
}

/** A time the sentence names, with the words that name it. */
export interface TimeFinding {
  window: TimeWindow;
  from: number;
  to: number;
}
