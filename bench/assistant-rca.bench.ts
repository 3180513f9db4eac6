import os from 'node:os';
import { parseArgs } from 'node:util';
import { rcaCases, type RcaCase } from './rca/cases';
import { culpritKey } from './rca/culprits';
import { runCase, type CaseResult } from './rca/run-case';
import { accuracy, hits, methods, stableSeconds, table } from './rca/scoreboard';
import { printFigures, type Figure } from './report';
import { assertBuilt } from './serve-process';

/**
 * Root cause, on real processes: faults injected one at a time into a workspace of nine real
 * services under traffic (test/fixtures/rca), each case on its own `zervigo serve`. The engine's
 * ranking (`GET /api/v1/incidents`) is scored Top-1 / Top-3 against the injected cause, beside
 * three baselines computed on the same runs: the service whose alert fired first, the most
 * downstream service with a firing alert, and robust deviation alone (no graph). Each case is
 * watched until `--settle` s after its first alert and `--stable` polls more; the ranking and the
 * baselines are all read then, once: what an operator sees when the ranking has had its time to settle.
 *
 *   npm run bench assistant-rca -- [--kind latency] [--case db] [--hard] [--list]
 *                                  [--warmup 15] [--timeout 40] [--stable 5] [--settle 30] [--traffic 5] [--verbose]
 */
function choose(args: string[]): { cases: RcaCase[]; options: Parameters<typeof runCase>[1]; list: boolean; verbose: boolean } {
  const { values } = parseArgs({
    args,
    options: {
      kind: { type: 'string', multiple: true },
      case: { type: 'string', multiple: true },
      hard: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      warmup: { type: 'string', default: '15' },
      timeout: { type: 'string', default: '40' },
      stable: { type: 'string', default: '5' },
      settle: { type: 'string', default: '30' },
      traffic: { type: 'string', default: '5' },
    },
  });
  const kinds = values.kind ?? [];
  const ids = values.case ?? [];
  const cases = rcaCases.filter(
    (entry) =>
      (kinds.length === 0 || kinds.includes(entry.kind)) && (ids.length === 0 || ids.some((id) => entry.id.includes(id))) && (!values.hard || entry.hard),
  );
  if (cases.length === 0) throw new Error(`no case matches; kinds: ${[...new Set(rcaCases.map((entry) => entry.kind))].join(', ')}`);
  const seconds = (text: string, name: string): number => {
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} takes a number of seconds, not ${text}`);
    return value * 1000;
  };
  return {
    cases,
    list: values.list,
    verbose: values.verbose,
    options: {
      warmupMs: seconds(values.warmup, 'warmup'),
      timeoutMs: seconds(values.timeout, 'timeout'),
      settleMs: seconds(values.settle, 'settle'),
      stablePolls: Math.max(1, Number(values.stable)),
      trafficPerSecond: Math.max(0.5, Number(values.traffic)),
      diagnose: values.verbose,
    },
  };
}

function describe(result: CaseResult): string {
  const mark = (hit: boolean | null): string => (hit === null ? ' ' : hit ? '✓' : '✗');
  const engine = result.engine.available
    ? `engine ${result.engine.culprits.slice(0, 3).map(culpritKey).join(', ') || '(no cause)'} ${mark(hits(result, 'engine', 1))}${
        result.engine.stableAfterMs === null
          ? ' (never stable)'
          : ` (stable ${(result.engine.stableAfterMs / 1000).toFixed(1)} s after the ${result.engine.stableFrom})`
      }`
    : 'engine n/a';
  const first = result.firstAlertAfterMs === null ? 'no alert fired' : `first alert ${(result.firstAlertAfterMs / 1000).toFixed(1)} s after onset`;
  return `  ${result.rcaCase.id}: ${first}; ${engine}; first alert ${result.baselines.firstAlert[0] ?? '-'} ${mark(hits(result, 'first alert', 1))}, downstream ${
    result.baselines.downstream[0] ?? '-'
  } ${mark(hits(result, 'downstream', 1))}, robust ${result.baselines.robust[0] ?? '-'} ${mark(hits(result, 'robust deviation', 1))}\n`;
}

export async function run(args: string[] = []): Promise<void> {
  const { cases, options, list, verbose } = choose(args);
  if (list) {
    for (const entry of cases) process.stdout.write(`${entry.id}${entry.hard ? '  (hard)' : ''}\n`);
    return;
  }
  assertBuilt();
  process.stdout.write(
    `\nassistant root cause: ${cases.length} cases on real processes (warm-up ${options.warmupMs / 1000} s; each watched to ${options.settleMs / 1000} s after its first alert and ${options.stablePolls} polls more)\n`,
  );
  const results: CaseResult[] = [];
  for (const entry of cases) {
    try {
      const result = await runCase(entry, options);
      results.push(result);
      process.stdout.write(describe(result));
      if (verbose) {
        process.stdout.write(`    alerts (fired, from the onset): ${result.alertTimeline.join('; ') || 'none'}\n`);
        for (const line of [...result.topEvidence, ...result.diagnosis]) process.stdout.write(`    ${line}\n`);
      }
    } catch (error) {
      process.stdout.write(`  ${entry.id}: could not run: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  if (results.length === 0) return;
  const missing = results.find((result) => !result.engine.available);
  if (missing !== undefined && !missing.engine.available) {
    process.stdout.write(`\n  ENGINE FIGURES PENDING: ${missing.engine.reason}. The baselines below are measured; the engine's columns say n/a.\n`);
  }
  const kinds = [...new Set(results.map((result) => result.rcaCase.kind))];
  const basic = results.filter((result) => !result.rcaCase.hard);
  const hard = results.filter((result) => result.rcaCase.hard);
  process.stdout.write(`\nTop-1 (@1) and Top-3 (@3) accuracy per fault kind, on the same runs\n`);
  process.stdout.write(
    `${table([
      ...kinds.map((kind) => ({ name: kind, results: results.filter((result) => result.rcaCase.kind === kind) })),
      { name: 'basic faults', results: basic },
      { name: 'hard cases', results: hard },
      { name: 'overall', results },
    ])}\n`,
  );

  const figures: Figure[] = [];
  const add = (name: string, value: number | null, target?: Figure['target']): void => {
    if (value !== null && !Number.isNaN(value)) figures.push({ name, value, unit: '', target });
  };
  add('engine Top-1, overall', accuracy(results, 'engine', 1), { op: '>=', value: 0.8 });
  if (hard.length > 0) add('engine Top-1, hard cases', accuracy(hard, 'engine', 1), { op: '>=', value: 0.7 });
  add('engine Top-3, overall', accuracy(results, 'engine', 3), { op: '>=', value: 0.95 });
  for (const method of methods.slice(1)) {
    add(`${method} baseline Top-1, overall`, accuracy(results, method, 1));
    if (hard.length > 0) add(`${method} baseline Top-1, hard cases`, accuracy(hard, method, 1));
  }
  const stable = stableSeconds(results);
  if (stable !== null) {
    figures.push({ name: 'first alert (no alert: incident opening) to a stable ranking, p50', value: stable.p50, unit: 's' });
    figures.push({ name: 'first alert (no alert: incident opening) to a stable ranking, max', value: stable.max, unit: 's', target: { op: '<=', value: 30 } });
    figures.push({
      name: `cases not stable within ${options.settleMs / 1000} s (final top three later, or held < ${options.stablePolls} polls)`,
      value: stable.unstable,
      unit: '',
      target: { op: '<=', value: 0 },
    });
  }
  const alerted = results.map((result) => result.firstAlertAfterMs).filter((ms): ms is number => ms !== null);
  figures.push({ name: 'cases where some alert fired', value: alerted.length, unit: `of ${results.length}` });
  figures.push({ name: 'machine load average at the end', value: os.loadavg()[0] as number, unit: `(${os.cpus().length} cores)` });
  printFigures('assistant root cause', figures);

  if (results.every((result) => result.engine.available)) {
    const worse = kinds.filter((kind) => {
      const group = results.filter((result) => result.rcaCase.kind === kind);
      const engine = accuracy(group, 'engine', 1) ?? 0;
      return methods.slice(1).some((method) => (accuracy(group, method, 1) ?? 0) > engine);
    });
    const hardBeaten = hard.length > 0 && methods.slice(1).every((method) => (accuracy(hard, 'engine', 1) ?? 0) > (accuracy(hard, method, 1) ?? 0));
    process.stdout.write(`  never worse than a baseline on any fault kind: ${worse.length === 0 ? 'met' : `MISSED on ${worse.join(', ')}`}\n`);
    if (hard.length > 0) process.stdout.write(`  better than every baseline on the hard cases: ${hardBeaten ? 'met' : 'MISSED'}\n`);
  }
}
