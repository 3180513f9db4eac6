import type { HandlersOf } from '../../shared/contract/define';
import type { logCommands } from '../../shared/contract/logs';
import type { LogSourceView } from '../../shared/types/logs';
import { ZervigoError } from '../../shared/errors';
import type { Clock } from '../clock';
import type { LogTails } from './log-tails';
import { logStats, patternView } from './log-stats';
import { resolveDuration, resolveTime } from './log-time';
import type { PatternMiner } from './mining/pattern-miner';
import type { LogContext } from './store/log-context';
import type { LogSearch } from './store/log-search';
import type { LogStore } from './store/log-store';

export interface LogsHandlerDeps {
  store: LogStore;
  search: LogSearch;
  context: LogContext;
  miner: PatternMiner;
  tails: LogTails;
  clock: Clock;
  sources: () => LogSourceView[];
  /** Writes what is queued and waits for it (at most `maxWaitMs`), so searches see the lines just read. */
  settle: (maxWaitMs?: number) => Promise<void>;
}

/** Under a burst the writer may be seconds behind; a search waits this long for it at most. */
const SETTLE_FOR_READS_MS = 250;

export function logsHandlers(deps: LogsHandlerDeps): HandlersOf<typeof logCommands> {
  const { store, search, miner, tails, clock } = deps;
  return {
    'logs.search': async (input) => {
      await deps.settle(SETTLE_FOR_READS_MS);
      const now = clock.now();
      const start = input.range !== undefined ? now - resolveDuration(input.range, 'range') : resolveTime(input.start, now, 'start');
      const end = resolveTime(input.end, now, 'end');
      // The first page also says how many lines match in the range ("showing 200 of 12,345").
      return search.search({
        query: input.query,
        start,
        end,
        limit: input.limit,
        cursor: input.cursor === undefined ? undefined : Number(input.cursor),
        context: input.context,
        count: input.cursor === undefined,
      });
    },
    'logs.around': async (input) => {
      await deps.settle(SETTLE_FOR_READS_MS);
      return search.around(input.query, { id: input.id, at: resolveTime(input.at, clock.now(), 'at') }, input.before, input.after);
    },
    'logs.context': async (input) => {
      await deps.settle(SETTLE_FOR_READS_MS);
      const anchor =
        input.id !== undefined
          ? { id: input.id }
          : { at: resolveTime(input.at, clock.now(), 'at') as number, ...(input.service === undefined ? {} : { service: input.service }) };
      const result = deps.context.context({
        anchor,
        before: input.before,
        after: input.after,
        ...(input.services === undefined ? {} : { services: input.services }),
      });
      if (result.anchor === null && input.id !== undefined) {
        throw new ZervigoError(
          'not_found',
          `line ${input.id} is not stored (any more): the oldest lines are removed to stay within storage.logs max_size and max_age`,
        );
      }
      return result;
    },
    'logs.tail': async ({ query, afterId }) => {
      const started = tails.start(query, [], true);
      await deps.settle();
      const backlog = afterId === undefined ? [] : search.search({ query, limit: 5_000, direction: 'newer', cursor: afterId, budgetMs: 500 }).lines;
      tails.release(started.tailId, backlog);
      return started;
    },
    'logs.tailAck': async ({ tailId }) => ({ active: tails.ack(tailId) }),
    'logs.untail': async ({ tailId }) => {
      tails.stop(tailId);
      return { active: false };
    },
    'logs.patterns': async ({ service, limit, sort }) => {
      const now = clock.now();
      const records = miner.all().filter((record) => (service === undefined || record.service === service) && record.count > 0);
      const key =
        sort === 'count'
          ? (r: (typeof records)[number]) => r.count
          : sort === 'recent'
            ? (r: (typeof records)[number]) => r.lastSeen
            : (r: (typeof records)[number]) => r.firstSeen;
      return records
        .sort((a, b) => key(b) - key(a) || a.id - b.id)
        .slice(0, limit)
        .map((record) => patternView(record, now));
    },
    'logs.stats': async ({ since, top }) => {
      await deps.settle(SETTLE_FOR_READS_MS);
      const until = clock.now();
      const from = until - resolveDuration(since, 'since');
      return logStats(search, (id) => miner.get(id), from, until, top);
    },
    'logs.status': async () => ({ store: store.view(), sources: deps.sources() }),
  };
}
