import os from 'node:os';
import { CommandParser } from '../src/core/assistant/intent/command-parser';
import type { AssistantPlan } from '../src/shared/contract/assistant-plan';
import { loadPhrasingSet, matchesExpected, type PhrasingCase } from '../test/fixtures/assistant/phrasing-set';
import { keywordBaseline } from './assistant-keyword-baseline';
import { percentile, printFigures } from './report';

/**
 * Natural-language commands: exact-match accuracy on the labelled phrasings (tune and held-out
 * splits), and parse time per sentence and per keystroke (every prefix of every sentence, as
 * the palette asks while typing), beside exact keyword matching on the same cases in the same run.
 */
const ROUNDS = Number(process.env.ASSISTANT_BENCH_ROUNDS ?? 20);

function millis(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e6;
}

/** Wall time, and the CPU time this process spent (which a busy machine's waits for a core do not inflate). */
interface Samples {
  wall: number[];
  cpu: number[];
}

function measure(samples: Samples, work: () => void): void {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  work();
  samples.wall.push(millis(started));
  const used = process.cpuUsage(cpu);
  samples.cpu.push((used.user + used.system) / 1000);
}

export async function run(): Promise<void> {
  const set = loadPhrasingSet();
  const options = { now: set.now, utcOffsetMinutes: set.utcOffsetMinutes };
  const coldStart = process.hrtime.bigint();
  const parsers = new Map<string, CommandParser>();
  const parserFor = (entry: PhrasingCase): CommandParser => {
    const key = entry.environment ?? '';
    let parser = parsers.get(key);
    if (parser === undefined) {
      parser = new CommandParser(set.vocabulary(entry.environment));
      parsers.set(key, parser);
    }
    return parser;
  };
  parserFor(set.cases[0] as PhrasingCase).parse('restart api', options);
  const coldMs = millis(coldStart);

  const accuracy = (plan: (entry: PhrasingCase) => AssistantPlan, split?: PhrasingCase['split']): number => {
    const chosen = set.cases.filter((entry) => split === undefined || entry.split === split);
    return chosen.filter((entry) => matchesExpected(plan(entry), entry.expect)).length / chosen.length;
  };
  const parsed = (entry: PhrasingCase): AssistantPlan => parserFor(entry).parse(entry.text, options);
  const baseline = (entry: PhrasingCase): AssistantPlan => keywordBaseline(entry.text, set.vocabulary(entry.environment));

  const time = (plan: (entry: PhrasingCase) => AssistantPlan, texts: (entry: PhrasingCase) => string[]): Samples => {
    const samples: Samples = { wall: [], cpu: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const entry of set.cases) {
        for (const text of texts(entry)) measure(samples, () => plan({ ...entry, text }));
      }
    }
    return samples;
  };
  // Warm up first (JIT), as a palette that has been open a while is: the cold parse is shown above.
  for (let round = 0; round < 3; round++) for (const entry of set.cases) parsed(entry);
  const whole = (entry: PhrasingCase): string[] => [entry.text];
  const prefixes = (entry: PhrasingCase): string[] => Array.from({ length: entry.text.length }, (_, i) => entry.text.slice(0, i + 1));
  const parserWhole = time(parsed, whole);
  const baselineWhole = time(baseline, whole);
  const parserKeys = time(parsed, prefixes);
  const longest =
    'please restart api, db, cache, queue, auth, worker, web and gateway then silence ServiceDown and HighCpu for 2 hours and show me the errors of payments since yesterday 18:00 containing "connection reset"';
  const longSamples: Samples = { wall: [], cpu: [] };
  for (let i = 0; i < 20 * ROUNDS; i++) measure(longSamples, () => parserFor(set.cases[0] as PhrasingCase).parse(longest, options));

  const heldOut = set.cases.filter((entry) => entry.split === 'held-out').length;
  printFigures(`assistant commands: ${set.cases.length} labelled phrasings (${set.cases.length - heldOut} tune, ${heldOut} held out), ${ROUNDS} rounds`, [
    { name: 'accuracy, all (exact match)', value: accuracy(parsed), unit: '', target: { op: '>=', value: 0.95 } },
    { name: '… tune split', value: accuracy(parsed, 'tune'), unit: '' },
    { name: '… held-out split', value: accuracy(parsed, 'held-out'), unit: '', target: { op: '>=', value: 0.95 } },
    { name: 'keyword baseline accuracy, all', value: accuracy(baseline), unit: '' },
    { name: '… held-out split', value: accuracy(baseline, 'held-out'), unit: '' },
    { name: 'parse a sentence, p50 (wall)', value: percentile(parserWhole.wall, 50), unit: 'ms' },
    { name: 'parse a sentence, p99 (wall)', value: percentile(parserWhole.wall, 99), unit: 'ms', target: { op: '<=', value: 5 } },
    { name: 'parse a sentence, p99 (CPU)', value: percentile(parserWhole.cpu, 99), unit: 'ms', target: { op: '<=', value: 5 } },
    {
      name: 'parse each keystroke (every prefix), p99 wall / CPU',
      value: percentile(parserKeys.wall, 99),
      unit: `ms / ${percentile(parserKeys.cpu, 99).toFixed(3)} ms`,
      target: { op: '<=', value: 5 },
    },
    { name: 'a 200-character, 3-command sentence, p50 wall', value: percentile(longSamples.wall, 50), unit: 'ms' },
    {
      name: '… p99 wall / CPU',
      value: percentile(longSamples.wall, 99),
      unit: `ms / ${percentile(longSamples.cpu, 99).toFixed(3)} ms`,
      target: { op: '<=', value: 5 },
    },
    {
      name: 'keyword baseline per sentence, p50 / p99 (wall)',
      value: percentile(baselineWhole.wall, 50),
      unit: `ms / ${percentile(baselineWhole.wall, 99).toFixed(3)} ms`,
    },
    { name: 'machine load average while measuring', value: os.loadavg()[0] as number, unit: `(${os.cpus().length} cores)` },
    { name: 'first parse (lexicon, chrono, name index)', value: coldMs, unit: 'ms' },
  ]);
}
