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
  /** Key → value a plugin's log parser read from the line (absent when none did); search with field.KEY:VALUE. */
  fields?: Record<string, string>;
}

/** Time order, everywhere lines are shown: by time, equal times by id (the order they arrived in). */
export function compareLogLines(a: Pick<LogLine, 'ts' | 'id'>, b: Pick<LogLine, 'ts' | 'id'>): number {
  return a.ts - b.ts || a.id - b.id;
}

export interface LogHit extends LogLine {
  /** Neighbouring lines of the same source, oldest first (with `context`). */
  before?: LogLine[];
  after?: LogLine[];
}

/** How many lines match a search in its range (counted on the first page only). */
export interface LogMatchCount {
  count: number;
  /** False when counting stopped at its time budget: there are at least `count`. */
  exact: boolean;
}

export interface LogSearchResult {
  /** Newest first: by time, equal times by id (the order they arrived in). */
  lines: LogHit[];
  /** Pass back as `cursor` to continue with older lines; null when nothing older matches. */
  nextCursor: string | null;
  /** False when the search stopped at its time budget before the range was exhausted. */
  complete: boolean;
  /** The words and phrases to highlight. */
  terms: string[];
  tookMs: number;
  /** Matches in the whole range, when asked for the first page (no cursor). */
  total?: LogMatchCount;
}

/** The lines around one line, oldest first, the anchor among them. */
export interface LogContextResult {
  /** The line the context is around; null when it is no longer stored (or nothing is near the moment). */
  anchor: LogLine | null;
  /** In time order (equal times in the order they arrived), the anchor included. */
  lines: LogLine[];
  /** More lines exist before the first and after the last (ask again from those). */
  moreBefore: boolean;
  moreAfter: boolean;
}

/** A pattern is new while its first line is less than an hour old: "new in the last hour". */
export const NEW_PATTERN_WINDOW_MS = 3_600_000;

export function isNewPattern(firstSeen: number, now: number): boolean {
  return now - firstSeen < NEW_PATTERN_WINDOW_MS;
}

export interface LogPatternView {
  id: number;
  service: string;
  /** The template with variable parts as <*>. */
  template: string;
  /** The level of its lines (lines of one shape at another level are another pattern). */
  level: LogLevel;
  /** Lines counted since it was first seen, including lines since removed by retention. */
  count: number;
  /** The times of its oldest and newest lines (their own timestamps, else when they arrived). */
  firstSeen: number;
  lastSeen: number;
  /** First seen within NEW_PATTERN_WINDOW_MS of the engine's clock when this view was made. */
  new: boolean;
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
  /** The plugin log parser that reads its lines (logs.parsers), when one does. */
  parser?: string;
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
