import path from 'node:path';
import type { Command } from 'commander';
import { DATABASE_FILE_NAME } from '../../core/data-dir';
import { logStats } from '../../core/logs/log-stats';
import { resolveDuration, resolveTime } from '../../core/logs/log-time';
import type { PatternRecord } from '../../core/logs/mining/pattern-miner';
import { LogSearch } from '../../core/logs/store/log-search';
import { LogStore } from '../../core/logs/store/log-store';
import { openDatabase } from '../../core/store/database';
import { formatDuration } from '../../shared/duration';
import type { LogLine } from '../../shared/types/logs';
import { dataDirOf } from '../options';
import { formatTimestamp, printTable } from '../output';

/**
 * `zervigo logs search|tail|stats` read the store directly (as `config history` does): they work
 * with or without a running console, need no token, and SQLite's WAL lets them read while the
 * console writes. `tail` follows the store, so it shows what a running console ingests.
 */
function openStore(command: Command): { store: LogStore; search: LogSearch; close: () => void } {
  const db = openDatabase(path.join(dataDirOf(command), DATABASE_FILE_NAME));
  const store = new LogStore(db, { maxBytes: Number.MAX_SAFE_INTEGER, maxAgeMs: Number.MAX_SAFE_INTEGER });
  return { store, search: new LogSearch(store), close: () => db.close() };
}

export function formatLogLine(line: LogLine, prefix = ''): string {
  const ms = String(line.ts % 1000).padStart(3, '0');
  const head = `${prefix}${formatTimestamp(line.ts)}.${ms} ${line.level.toUpperCase().padEnd(5)} ${line.service}  `;
  return head + line.text.split('\n').join(`\n${' '.repeat(head.length)}`);
}

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

export function registerLogsCommands(program: Command): void {
  const logs = program.command('logs').description('search, follow and summarize the collected logs');

  logs
    .command('search')
    .argument('[query...]', 'words, "phrases", -exclusions, service:NAME level:error+ source:… pattern:ID field.KEY:VALUE')
    .option('--since <time>', 'from this time: a duration ago (1h) or a time (2026-11-22T14:00)', '24h')
    .option('--until <time>', 'up to this time')
    .option('-n, --limit <count>', 'how many lines', '100')
    .option('-C, --context <lines>', 'lines of the same source around each match', '0')
    .option('--json', 'one JSON object per line')
    .description('search stored lines; newest last')
    .action((words: string[], options: { since: string; until?: string; limit: string; context: string; json?: boolean }, command: Command) => {
      const { search, close } = openStore(command);
      try {
        const now = Date.now();
        const result = search.search({
          query: words.join(' '),
          start: resolveTime(options.since, now, '--since'),
          end: resolveTime(options.until, now, '--until'),
          limit: Math.max(1, Math.min(10_000, Number(options.limit) || 100)),
          context: Math.max(0, Math.min(20, Number(options.context) || 0)),
          budgetMs: 10_000,
        });
        for (const hit of [...result.lines].reverse()) {
          if (options.json === true) {
            out(JSON.stringify(hit));
            continue;
          }
          for (const line of hit.before ?? []) out(formatLogLine(line, '  '));
          out(formatLogLine(hit, (hit.before?.length ?? 0) + (hit.after?.length ?? 0) > 0 ? '> ' : ''));
          for (const line of hit.after ?? []) out(formatLogLine(line, '  '));
          if ((hit.before?.length ?? 0) + (hit.after?.length ?? 0) > 0) out('--');
        }
        if (result.lines.length === 0 && options.json !== true) process.stderr.write('no lines match\n');
        else if (result.nextCursor !== null && options.json !== true) process.stderr.write(`(more lines match: raise --limit or narrow --since)\n`);
      } finally {
        close();
      }
    });

  logs
    .command('tail')
    .argument('[query...]', 'only lines matching this query')
    .option('-n, --lines <count>', 'lines to show first', '20')
    .option('--interval <ms>', 'how often to look for new lines', '500')
    .description('print the newest lines, then lines as the running console stores them (Ctrl-C stops)')
    .action(async (words: string[], options: { lines: string; interval: string }, command: Command) => {
      const { store, search, close } = openStore(command);
      const query = words.join(' ');
      const first = search.search({ query, limit: Math.max(0, Number(options.lines) || 0) || 1, budgetMs: 5_000 }).lines;
      for (const line of [...first].reverse().slice(Number(options.lines) === 0 ? 1 : 0)) out(formatLogLine(line));
      let last = first[0]?.id ?? store.lastRowId;
      const interval = Math.max(100, Number(options.interval) || 500);
      await new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          store.reload();
          for (;;) {
            const next = search.search({ query, limit: 1_000, direction: 'newer', cursor: last, budgetMs: 1_000 });
            for (const line of next.lines) out(formatLogLine(line));
            if (next.lines.length > 0) last = (next.lines.at(-1) as LogLine).id;
            if (next.lines.length < 1_000) break;
          }
        }, interval);
        const stop = (): void => {
          clearInterval(timer);
          resolve();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      close();
    });

  logs
    .command('stats')
    .option('--since <duration>', 'the window', '1h')
    .option('--top <count>', 'how many patterns', '10')
    .option('--json', 'as JSON')
    .description('lines and error rates per service, and the top patterns, over a window')
    .action((options: { since: string; top: string; json?: boolean }, command: Command) => {
      const { store, search, close } = openStore(command);
      try {
        const until = Date.now();
        const since = until - resolveDuration(options.since, '--since');
        const patterns = new Map<number, PatternRecord>(store.loadPatterns().map((record) => [record.id, record]));
        const stats = logStats(search, (id) => patterns.get(id), since, until, Math.max(1, Math.min(100, Number(options.top) || 10)));
        if (options.json === true) {
          out(JSON.stringify(stats, null, 2));
          return;
        }
        if (stats.services.length === 0) {
          out(`no lines in the last ${options.since}: logs are collected while the console runs (zervigo serve, or the app) from the sources in the workspace`);
          return;
        }
        out(`Lines per service, last ${options.since} (rates per minute over each service's span: its first to its last line, at least a minute)`);
        printTable(
          ['SERVICE', 'LINES', 'ERRORS', 'WARNINGS', 'SPAN', 'LINES/MIN', 'ERRORS/MIN', 'ERROR %'],
          stats.services.map((row) => [
            row.service,
            String(row.lines),
            String(row.errors),
            String(row.warnings),
            formatDuration(Math.round((row.lastAt - row.firstAt) / 1_000) * 1_000),
            row.linesPerMinute.toFixed(2),
            row.errorsPerMinute.toFixed(2),
            `${((100 * row.errors) / Math.max(1, row.lines)).toFixed(1)}%`,
          ]),
          out,
        );
        out('');
        out(`Top patterns, last ${options.since}`);
        printTable(
          ['ID', 'SERVICE', 'LEVEL', 'LINES', 'TOTAL', 'FIRST SEEN', 'TEMPLATE'],
          stats.topPatterns.map((row) => [
            String(row.id),
            row.service,
            row.level,
            String(row.recent),
            String(row.count),
            formatTimestamp(row.firstSeen),
            row.template,
          ]),
          out,
        );
      } finally {
        close();
      }
    });
}
