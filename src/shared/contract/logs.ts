import { z } from 'zod';
import type {
  LogContextResult,
  LogLine,
  LogPatternView,
  LogPatternsDiscovered,
  LogRetentionNotice,
  LogSearchResult,
  LogSourceView,
  LogStats,
  LogsStatus,
  LogTailBatch,
  LogTailStarted,
} from '../types/logs';
import { NoInput } from './app';
import { command, event, returns } from './define';
import { queryList } from './query-list';
import { ServiceName } from './service-names';

/** A time: ms since epoch (number or digits), an ISO 8601 text, or a duration ago ("15m"). */
const When = z.union([z.number().nonnegative(), z.string().trim().min(1).max(64)]);
const Query = z.string().max(2_000, 'the query is over 2,000 characters').default('');
const TailId = z.string().min(1).max(64);

/** A search's fields (without the default that makes the whole input optional). */
export const LogSearchFields = z.strictObject({
  query: Query,
  start: When.optional(),
  end: When.optional(),
  /** Shorthand for start = now - range, e.g. "1h". */
  range: z.string().trim().min(2).max(16).optional(),
  limit: z.coerce.number().int().min(1).max(5_000).default(200),
  cursor: z.string().regex(/^\d+$/, 'the cursor is the nextCursor of an earlier result').optional(),
  /** Lines of the same source around each hit. */
  context: z.coerce.number().int().min(0).max(20).default(0),
});

export const LogSearchInput = LogSearchFields.optional().default({ query: '', limit: 200, context: 0 });

/** Service names: repeated (`services=a&services=b`) or comma-separated; at most 200 (the services commands take 1,000). */
const ContextServices = queryList(ServiceName, 200, 'services');

export const LogContextInput = z
  .strictObject({
    /** The line to open the context of. */
    id: z.coerce.number().int().positive().optional(),
    /** Or a moment: the line nearest it (of `service` when given). */
    at: When.optional(),
    service: z.string().min(1).max(200).optional(),
    before: z.coerce.number().int().min(0).max(1_000).default(50),
    after: z.coerce.number().int().min(0).max(1_000).default(50),
    /** Only these services' lines around it (the anchor's own service: "this service"); all when absent. */
    services: ContextServices.optional(),
  })
  .refine((input) => input.id !== undefined || input.at !== undefined, {
    message: "give the line (id) or a moment (at, with service to pick that service's line)",
  })
  .refine((input) => input.id === undefined || (input.at === undefined && input.service === undefined), {
    message: 'give either id, or at with service, not both',
  });

export const logCommands = {
  'logs.search': command({
    permission: 'view',
    input: LogSearchInput,
    output: returns<LogSearchResult>(),
    rest: 'GET /logs',
    summary: 'Search stored log lines, newest first (words, "phrases", -exclusions, service:/level:/source:/pattern: fields, a time range)',
  }),
  'logs.around': command({
    permission: 'view',
    input: z.strictObject({
      query: Query,
      id: z.coerce.number().int().positive().optional(),
      at: When.optional(),
      before: z.coerce.number().int().min(0).max(2_000).default(100),
      after: z.coerce.number().int().min(0).max(2_000).default(100),
    }),
    output: returns<{ lines: LogLine[]; anchorId: number | null; terms: string[] }>(),
    rest: 'GET /logs/around',
    summary: 'Lines matching the query around one line or one moment, oldest first',
  }),
  'logs.context': command({
    permission: 'view',
    input: LogContextInput,
    output: returns<LogContextResult>(),
    rest: 'GET /logs/context',
    summary: "The lines around one line (or a service's line nearest a moment), across services or only some, in time order",
  }),
  'logs.tail': command({
    permission: 'view',
    input: z.strictObject({ query: Query, afterId: z.coerce.number().int().nonnegative().optional() }),
    output: returns<LogTailStarted>(),
    rest: 'POST /logs/tail',
    summary: 'Start a live tail; lines arrive as logs.lines events for its tailId; acknowledge each batch with logs.tailAck',
  }),
  'logs.tailAck': command({
    permission: 'view',
    input: z.strictObject({ tailId: TailId }),
    output: returns<{ active: boolean }>(),
    rest: 'POST /logs/tail/:tailId/ack',
    summary: 'Ask for the next batch of a tail (and keep it alive: tails unacknowledged for 60 s end)',
  }),
  'logs.untail': command({
    permission: 'view',
    input: z.strictObject({ tailId: TailId }),
    output: returns<{ active: boolean }>(),
    rest: 'DELETE /logs/tail/:tailId',
    summary: 'Stop a live tail',
  }),
  'logs.patterns': command({
    permission: 'view',
    input: z
      .strictObject({
        service: z.string().min(1).optional(),
        limit: z.coerce.number().int().min(1).max(1_000).default(50),
        sort: z.enum(['count', 'recent', 'new']).default('count'),
      })
      .optional()
      .default({ limit: 50, sort: 'count' }),
    output: returns<LogPatternView[]>(),
    rest: 'GET /logs/patterns',
    summary: 'Patterns mined from the lines (Drain-style templates) with their counts',
  }),
  'logs.stats': command({
    permission: 'view',
    input: z
      .strictObject({ since: z.string().trim().min(2).max(16).default('1h'), top: z.coerce.number().int().min(1).max(100).default(10) })
      .optional()
      .default({ since: '1h', top: 10 }),
    output: returns<LogStats>(),
    rest: 'GET /logs/stats',
    summary: 'Lines and error rates per service and the top patterns over a window',
  }),
  'logs.status': command({
    permission: 'view',
    input: NoInput,
    output: returns<LogsStatus>(),
    rest: 'GET /logs/status',
    summary: 'Sources with their state, and the store against its size and age budget',
  }),
};

export const logEvents = {
  'logs.lines': event<LogTailBatch>('A batch of lines for one live tail (filter by tailId); acknowledge it with logs.tailAck', 'view'),
  'logs.patternsDiscovered': event<LogPatternsDiscovered>('Patterns never seen before; error ones also count in log_new_error_patterns_total{service}', 'view'),
  'logs.sourcesChanged': event<LogSourceView[]>('A log source started, stopped, or changed state', 'view'),
  'logs.retention': event<LogRetentionNotice>('Old lines were removed to stay within storage.logs max_size or max_age', 'view'),
};
