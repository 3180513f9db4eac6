import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemClock } from '../src/core/clock';
import { LogPipeline } from '../src/core/logs/log-pipeline';
import { PatternMiner } from '../src/core/logs/mining/pattern-miner';
import { LineSplitter } from '../src/core/logs/parse/line-splitter';
import { FileSource } from '../src/core/logs/sources/file-source';
import { LogContext } from '../src/core/logs/store/log-context';
import { COUNT_BUDGET_MS, LogSearch } from '../src/core/logs/store/log-search';
import { LogStore } from '../src/core/logs/store/log-store';
import { openDatabase } from '../src/core/store/database';
import { parseLogQuery } from '../src/shared/logs/log-query';
import { groupingAccuracy, labelledSample, random } from '../test/fixtures/labelled-logs';
import { mixedLogLines } from '../test/fixtures/mixed-log';
import { percentile, printFigures } from './report';

/**
 * Logs: ingest of a 1M-line mixed log (read, parse, join, mine, index: the production path, a
 * FileSource into a real store) beside a plain read of the same file; search over 5M stored
 * lines (20 queries) and the count of their matches; disk against raw size; the lines around a
 * line (logs.context) over the 5M store and over 2M lines of 8 services; grouping accuracy of
 * pattern mining.
 * LOGS_BENCH_SEARCH_LINES=5000000 sets the size of the search store.
 */
const INGEST_LINES = Number(process.env.LOGS_BENCH_INGEST_LINES ?? 1_000_000);
const SEARCH_LINES = Number(process.env.LOGS_BENCH_SEARCH_LINES ?? 5_000_000);
const CONTEXT_SERVICES = 8;
const CONTEXT_LINES = Number(process.env.LOGS_BENCH_CONTEXT_LINES ?? 2_000_000);
const CONTEXT_ANCHORS = 300;

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

function writeLog(file: string, lines: number, seed: number): number {
  const fd = fs.openSync(file, 'w');
  let batch: string[] = [];
  let bytes = 0;
  for (const line of mixedLogLines(lines, seed)) {
    batch.push(line);
    if (batch.length === 10_000) {
      const text = `${batch.join('\n')}\n`;
      bytes += Buffer.byteLength(text);
      fs.writeSync(fd, text);
      batch = [];
    }
  }
  if (batch.length > 0) {
    const text = `${batch.join('\n')}\n`;
    bytes += Buffer.byteLength(text);
    fs.writeSync(fd, text);
  }
  fs.closeSync(fd);
  return bytes;
}

/** The same file read in the same chunks and split into lines, doing nothing with them. */
function plainRead(file: string): number {
  let lines = 0;
  const splitter = new LineSplitter(64 * 1024, () => lines++);
  const fd = fs.openSync(file, 'r');
  const buffer = Buffer.allocUnsafe(256 * 1024);
  for (;;) {
    const read = fs.readSync(fd, buffer, 0, buffer.length, null);
    if (read === 0) break;
    splitter.push(buffer.subarray(0, read));
  }
  fs.closeSync(fd);
  return lines;
}

async function ingest(files: string | { file: string; service: string }[], database: string): Promise<{ entries: number; seconds: number; patterns: number }> {
  const db = openDatabase(database);
  const store = new LogStore(db, { maxBytes: 1024 ** 4, maxAgeMs: 365 * 86_400_000 });
  store.useWriterThread((error) => {
    throw error;
  });
  const miner = new PatternMiner();
  let entries = 0;
  const pipeline = new LogPipeline(store, miner, systemClock, (batch) => (entries += batch.entries.length));
  const started = process.hrtime.bigint();
  const sources = (typeof files === 'string' ? [{ file: files, service: 'shop' }] : files).map(
    ({ file, service }) =>
      new FileSource(
        { pattern: file, service, from: 'start', format: 'auto', multiline: { kind: 'auto' }, maxLineBytes: 64 * 1024, origin: 'file' },
        pipeline,
        () => {},
      ),
  );
  // As the logs module does: read while the writer thread is not behind, else let it catch up.
  for (;;) {
    let more = false;
    for (const source of sources) if (source.poll()) more = true;
    pipeline.flush(false);
    if (!more) break;
    while (pipeline.busy) await new Promise((resolve) => setImmediate(resolve));
  }
  pipeline.flush();
  pipeline.flush();
  await store.settled();
  const elapsed = seconds(started);
  for (const source of sources) source.stop();
  await store.close();
  db.close();
  return { entries, seconds: elapsed, patterns: miner.all().length };
}

/** The lines around random stored lines: 100 on each side, of all services and of the line's own. */
function measureContext(database: string): { all: number[]; own: number[]; lines: number } {
  const db = openDatabase(database);
  const store = new LogStore(db, { maxBytes: 1024 ** 4, maxAgeMs: 365 * 86_400_000 });
  const context = new LogContext(store);
  const next = random(5);
  const all: number[] = [];
  const own: number[] = [];
  let lines = 0;
  for (let i = 0; i < CONTEXT_ANCHORS; i++) {
    const id = 1 + Math.floor(next() * store.lastRowId);
    let started = process.hrtime.bigint();
    const around = context.context({ anchor: { id }, before: 100, after: 100 });
    all.push(seconds(started) * 1000);
    lines += around.lines.length;
    started = process.hrtime.bigint();
    context.context({ anchor: { id }, before: 100, after: 100, services: [around.anchor?.service ?? 'shop'] });
    own.push(seconds(started) * 1000);
  }
  db.close();
  return { all, own, lines };
}

const QUERIES = [
  'timeout',
  'payment',
  '"stock is negative"',
  'level:error',
  'level:warn+ service:shop',
  'ECONNREFUSED',
  '"connection to database" -established',
  'cache miss',
  'session*',
  '-INFO level:info',
  'alice',
  '"Out of memory"',
  'ValueError negative',
  'source:shop.log deadlock',
  '/api/v1/orders',
  'nosuchwordanywhere',
  '"GET /api/v1/users"',
  'Mozilla 502',
  'level:fatal',
  '',
];

export async function run(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-bench-logs-'));
  try {
    const file = path.join(dir, 'mixed.log');
    const rawBytes = writeLog(file, INGEST_LINES, 1);
    let started = process.hrtime.bigint();
    const counted = plainRead(file);
    const readRate = counted / seconds(started);
    const result = await ingest(file, path.join(dir, 'ingest.db'));
    const ingestRate = INGEST_LINES / result.seconds;
    printFigures(`Ingest: ${INGEST_LINES.toLocaleString('en-US')}-line mixed log (${(rawBytes / 1e6).toFixed(0)} MB), read + parse + join + mine + index`, [
      { name: 'ingest', value: ingestRate, unit: 'lines/s', target: { op: '>=', value: 150_000 } },
      { name: 'plain read of the same file (chunks split into lines)', value: readRate, unit: 'lines/s' },
      { name: 'ratio ingest / plain read', value: ingestRate / readRate, unit: '' },
      { name: 'entries stored (stack traces joined)', value: result.entries, unit: '' },
      { name: 'patterns mined', value: result.patterns, unit: '' },
    ]);

    // Search over a larger store: the same generator, another seed, ingested the same way.
    const big = path.join(dir, 'big.log');
    const bigRaw = writeLog(big, SEARCH_LINES, 2);
    const database = path.join(dir, 'search.db');
    const bigResult = await ingest(big, database);
    fs.rmSync(big);
    const db = openDatabase(database);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const dbBytes = fs.statSync(database).size;
    const store = new LogStore(db, { maxBytes: 1024 ** 4, maxAgeMs: 365 * 86_400_000 });
    const search = new LogSearch(store);
    const timings: number[] = [];
    const counts: number[] = [];
    const slowest = new Map<string, number>();
    let incomplete = 0;
    let inexact = 0;
    for (let round = 0; round < 3; round++) {
      for (const query of QUERIES) {
        started = process.hrtime.bigint();
        const found = search.search({ query, limit: 200 });
        const ms = seconds(started) * 1000;
        timings.push(ms);
        slowest.set(query, Math.max(slowest.get(query) ?? 0, ms));
        if (!found.complete) incomplete++;
      }
    }
    // The count of matches the first page carries ("showing 200 of 12,345"), on its own.
    for (const query of QUERIES) {
      started = process.hrtime.bigint();
      const total = search.count(search.compile(parseLogQuery(query)), -Infinity, Infinity, performance.now() + COUNT_BUDGET_MS);
      counts.push(seconds(started) * 1000);
      if (!total.exact) inexact++;
    }
    printFigures(
      `Search: ${QUERIES.length} queries x 3 over ${bigResult.entries.toLocaleString('en-US')} stored entries (${SEARCH_LINES.toLocaleString('en-US')} lines), 200 newest matches each`,
      [
        { name: 'p50', value: percentile(timings, 50), unit: 'ms' },
        { name: 'p99', value: percentile(timings, 99), unit: 'ms', target: { op: '<=', value: 150 } },
        { name: 'searches stopped at their time budget (incomplete)', value: incomplete, unit: `of ${timings.length}` },
        ...[...slowest]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 3)
          .map(([query, ms]) => ({ name: `slowest: ${query === '' ? '(everything)' : query}`, value: ms, unit: 'ms' })),
        { name: 'count of matches (first page), p50', value: percentile(counts, 50), unit: 'ms' },
        { name: 'count of matches, max', value: Math.max(...counts), unit: 'ms' },
        { name: `counts stopped at their ${COUNT_BUDGET_MS} ms budget ("at least")`, value: inexact, unit: `of ${QUERIES.length}` },
      ],
    );
    printFigures('Disk', [
      { name: 'raw log', value: bigRaw / 1e6, unit: 'MB' },
      { name: 'database file', value: dbBytes / 1e6, unit: 'MB' },
      { name: 'database / raw', value: dbBytes / bigRaw, unit: '', target: { op: '<=', value: 1.5 } },
    ]);
    db.close();

    // The lines around a line: over the 5M-line store (one service), and over 8 services whose
    // files are read side by side (each batch holds every service's lines).
    const single = measureContext(database);
    const parts = Array.from({ length: CONTEXT_SERVICES }, (_, i) => ({ file: path.join(dir, `service-${i}.log`), service: `service-${i}` }));
    parts.forEach((part, i) => writeLog(part.file, Math.floor(CONTEXT_LINES / CONTEXT_SERVICES), 10 + i));
    const many = await ingest(parts, path.join(dir, 'context.db'));
    for (const part of parts) fs.rmSync(part.file);
    const multi = measureContext(path.join(dir, 'context.db'));
    printFigures(`Context: 100 lines on each side of ${CONTEXT_ANCHORS} random lines (logs.context, the (service, ts) index)`, [
      { name: `${bigResult.entries.toLocaleString('en-US')} entries, 1 service: p50`, value: percentile(single.all, 50), unit: 'ms' },
      { name: '… p99', value: percentile(single.all, 99), unit: 'ms', target: { op: '<=', value: 20 } },
      {
        name: `${many.entries.toLocaleString('en-US')} entries, ${CONTEXT_SERVICES} services interleaved, all services: p50`,
        value: percentile(multi.all, 50),
        unit: 'ms',
      },
      { name: '… p99', value: percentile(multi.all, 99), unit: 'ms', target: { op: '<=', value: 20 } },
      { name: "… only the line's service: p50", value: percentile(multi.own, 50), unit: 'ms' },
      { name: '… p99', value: percentile(multi.own, 99), unit: 'ms', target: { op: '<=', value: 20 } },
      { name: 'lines returned per context (all services)', value: multi.lines / CONTEXT_ANCHORS, unit: '' },
    ]);

    const sample = labelledSample(50_000, 11);
    const miner = new PatternMiner();
    started = process.hrtime.bigint();
    const predicted = sample.lines.map((line) => miner.match('svc', line, 3, 0).pattern.id);
    const mineRate = sample.lines.length / seconds(started);
    printFigures(
      `Pattern mining: ${sample.lines.length.toLocaleString('en-US')} labelled lines from ${sample.templates} templates (test/fixtures/labelled-logs.ts)`,
      [
        { name: 'grouping accuracy', value: groupingAccuracy(sample.labels, predicted), unit: '', target: { op: '>=', value: 0.95 } },
        { name: 'patterns found', value: miner.all().length, unit: `(${sample.templates} templates)` },
        { name: 'mining alone', value: mineRate, unit: 'lines/s' },
      ],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
