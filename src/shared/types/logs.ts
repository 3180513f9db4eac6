/** Levels in order of severity; the index is the number stored with each line. */
export const logLevels = ['unknown', 'trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type LogLevel = (typeof logLevels)[number];

export type LogSourceKind = 'file' | 'service' | 'tmux' | 'journal';

/** One entry as stored: a line, or several joined (a stack trace is one entry). */
export interface LogLine {
  /** Unique and increasing in arrival order; the cursor of searches and tails. */
  id: number;
  /** The entry's own time when it carries one, else when it arrived (ms since epoch). */
  ts: number;
  level: LogLevel;
  service: string;
  /** Where it came from: a file path, "api:stdout", a tmux pane, "journal". */
  source: string;
  patternId: number | null;
  /** The text without a leading timestamp (the time is `ts`); continuation lines after "\n". */
  text: string;
}

export interface LogHit extends LogLine {
  /** Neighbouring lines of the same source, oldest first (with `context`). */
  before?: LogLine[];
  after?: LogLine[];
}

export interface LogSearchResult {
  /** Newest first. */
  lines: LogHit[];
  /** Pass back as `cursor` to continue with older lines; null when nothing older matches. */
  nextCursor: string | null;
  /** False when the search stopped at its time budget before the range was exhausted. */
  complete: boolean;
  /** The words and phrases to highlight. */
  terms: string[];
  tookMs: number;
}

export interface LogPatternView {
  id: number;
  service: string;
  /** The template with variable parts as <*>. */
  template: string;
  /** The most severe level seen with it. */
  level: LogLevel;
  count: number;
  firstSeen: number;
  lastSeen: number;
}

/** skipped: a file matched by `logs:` that is Zervigo's own copy of a service's output (its lines are stored from the output). */
export type LogSourceState = 'following' | 'waiting' | 'error' | 'unavailable' | 'skipped';

export interface LogSourceView {
  key: string;
  kind: LogSourceKind;
  name: string;
  service: string;
  state: LogSourceState;
  /** Why it is waiting, failing or unavailable, in words. */
  message: string | null;
  lines: number;
  bytes: number;
  /** Lines not stored again: the service's output and its log file both delivered them (stored once). */
  copies: number;
  lastLineAt: number | null;
}

export interface LogRetentionNotice {
  at: number;
  reason: 'size' | 'age';
  lines: number;
  bytes: number;
  /** The oldest entry kept afterwards, or null when the store is empty. */
  oldestKeptAt: number | null;
}

export interface LogStoreView {
  lines: number;
  bytes: number;
  maxBytes: number;
  maxAgeMs: number;
  oldestAt: number | null;
  newestAt: number | null;
  partitions: number;
  /** The last time old entries were removed to keep within the budget or age. */
  lastDrop: LogRetentionNotice | null;
}

export interface LogsStatus {
  store: LogStoreView;
  sources: LogSourceView[];
}

export interface LogServiceStats {
  service: string;
  lines: number;
  errors: number;
  warnings: number;
  /** The service's first and last line within the window (ms): the span its rates are over. */
  firstAt: number;
  lastAt: number;
  /** Per minute over [firstAt, lastAt] (at least one minute), not over the whole window asked for. */
  linesPerMinute: number;
  /** Errors and fatals per minute, over the same span. */
  errorsPerMinute: number;
}

export interface LogStats {
  since: number;
  until: number;
  services: LogServiceStats[];
  topPatterns: (LogPatternView & { recent: number })[];
}

export interface LogTailStarted {
  tailId: string;
  terms: string[];
}

export interface LogTailBatch {
  tailId: string;
  /** Oldest first. */
  lines: LogLine[];
  /** Lines that matched but were dropped because the client read too slowly. */
  dropped: number;
}

export interface LogPatternsDiscovered {
  patterns: (LogPatternView & { error: boolean })[];
}
