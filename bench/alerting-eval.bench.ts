import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../src/core/logger';
import { AlertStore } from '../src/core/store/alert-store';
import { GroupStore } from '../src/core/notify/group-store';
import { Inhibitor } from '../src/core/notify/inhibitor';
import { Outbox } from '../src/core/notify/outbox';
import { parsePromql } from '../src/core/promql/parse-promql';
import { Router } from '../src/core/notify/router';
import { RuleManager } from '../src/core/rules/rule-manager';
import type { CompiledGroup, CompiledRule } from '../src/core/rules/rule-set';
import { compileTemplate } from '../src/core/promql/rule-template';
import { SilenceStore } from '../src/core/notify/silences';
import { openDatabase } from '../src/core/store/database';
import { SeriesStore } from '../src/core/store/series-store';
import { ManualClock } from './manual-clock';
import { percentile, printFigures } from './report';

const METRICS = Number(process.env.BENCH_METRICS ?? 1_000);
const INSTANCES = 10;
const RULES = Number(process.env.BENCH_RULES ?? 1_000);
const STEP_MS = 10_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 60);
const WARM_UP = 10;
const T0 = Date.UTC(2026, 10, 22, 12, 0, 0);

/** Four shapes of rule, each over one metric family of 10 series. */
function ruleExpr(i: number): string {
  const metric = `bench_metric_${i % METRICS}`;
  switch (i % 4) {
    case 0:
      return `${metric} > 95`;
    case 1:
      return `rate(${metric}_total[5m]) > 4`;
    case 2:
      return `avg by (job) (${metric}) > 80`;
    default:
      return `max_over_time(${metric}[5m]) > 99 and ${metric} > 50`;
  }
}

function compiledRule(i: number): CompiledRule {
  const exprText = ruleExpr(i);
  return {
    id: `bench/Rule${i}`,
    group: 'bench',
    name: `Rule${i}`,
    exprText,
    expr: parsePromql(exprText).expr,
    forMs: i % 2 === 0 ? 0 : 60_000,
    keepFiringForMs: 0,
    labels: { severity: compileTemplate(i % 3 === 0 ? 'critical' : 'warning') },
    annotations: { summary: compileTemplate('{{ $labels.instance }} at {{ $value | humanize }}') },
    flapping: { changes: 4, withinMs: 600_000 },
    then: [],
    config: { alert: `Rule${i}`, expr: exprText, for: 0, keep_firing_for: 0, labels: {}, annotations: {}, flapping: false, then: [] },
  };
}

/**
 * 1,000 rules over 10,000 series (a gauge and a counter family per rule's metric), 10 s
 * samples: the time of one evaluation round, with the alert state machine, its persistence
 * and routing, in steady state (series windows cached across rounds, as in the engine).
 */
export async function run(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-bench-eval-'));
  const clock = new ManualClock(T0);
  const db = openDatabase(path.join(dir, 'zervigo.db'));
  const store = new SeriesStore(db, () => clock.now());
  const gauges: number[] = [];
  const counters: number[] = [];
  for (let m = 0; m < METRICS; m++) {
    for (let i = 0; i < INSTANCES; i++) {
      gauges.push(store.index.idOf(`bench_metric_${m}`, { instance: `i${i}`, job: `job${i % 3}` }));
      if (m < METRICS / 4 + 1) counters.push(store.index.idOf(`bench_metric_${m}_total`, { instance: `i${i}`, job: `job${i % 3}` }));
    }
  }
  const totals = new Float64Array(counters.length);
  // Gauges wander (a random walk between 0 and 100), as CPU or memory do: alerts change now and then, not every round.
  const levels = Float64Array.from(gauges, () => Math.random() * 100);
  const write = (ts: number): void => {
    gauges.forEach((id, i) => {
      levels[i] = Math.min(100, Math.max(0, (levels[i] as number) + (Math.random() - 0.5) * 6));
      store.writer.append(id, ts, Math.round(levels[i] * 10) / 10);
    });
    counters.forEach((id, i) => {
      totals[i] = (totals[i] as number) + Math.floor(Math.random() * 50);
      store.writer.append(id, ts, totals[i]);
    });
    store.writer.flush();
  };
  // Ten minutes of history, compacted as the engine would.
  let now = T0;
  for (; now < T0 + 10 * 60_000; now += STEP_MS) {
    clock.set(now);
    write(now);
    if ((now - T0) % 60_000 === 0) await store.maintain(now);
  }
  const alertStore = new AlertStore(db);
  let routerRef: Router | null = null;
  const rules = new RuleManager({
    store,
    alerts: alertStore,
    clock,
    logger: silentLogger,
    flushSamples: () => store.writer.flush(),
    onRound: () => routerRef?.sync(),
  });
  const router = new Router({
    db,
    clock,
    logger: silentLogger,
    alerts: () => rules.alerts(),
    silences: new SilenceStore(db),
    inhibitor: new Inhibitor(),
    outbox: new Outbox(db),
    alertStore,
    groups: new GroupStore(db),
    channels: () => ({}),
    consoleUrl: () => null,
    onQueued: () => {},
  });
  router.setConfig(
    [
      {
        match: {},
        match_re: {},
        notify: [],
        continue: false,
        group_by: ['alertname'],
        group_wait: 0,
        group_interval: 300_000,
        repeat: 14_400_000,
        repeat_backoff: 1,
        repeat_max: 86_400_000,
        mute_when: [],
      },
    ],
    {},
  );
  routerRef = router;
  const group: CompiledGroup = { name: 'bench', intervalMs: STEP_MS, rules: Array.from({ length: RULES }, (_, i) => compiledRule(i)) };
  rules.setGroups([group]);

  const rounds: number[] = [];
  const coldStart = performance.now();
  rules.evaluateGroup('bench');
  const cold = performance.now() - coldStart;
  let firing = 0;
  // Warm-up (not counted): the JIT settles and the first alerts are created and reach `for`.
  for (let round = -WARM_UP; round < ROUNDS; round++) {
    now += STEP_MS;
    clock.set(now);
    write(now);
    if ((now - T0) % 60_000 === 0) await store.maintain(now);
    const started = performance.now();
    rules.evaluateGroup('bench');
    if (round >= 0) rounds.push(performance.now() - started);
    firing = rules.alerts().filter((alert) => alert.state === 'firing').length;
  }
  rules.stop();
  router.stop();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  printFigures(
    `Rule evaluation: ${RULES} rules over ${gauges.length + counters.length} series, one round every ${STEP_MS / 1000} s (${ROUNDS} rounds after ${WARM_UP} of warm-up; ${firing} alerts firing at the end)`,
    [
      { name: 'round, median', value: percentile(rounds, 50), unit: 'ms', target: { op: '<=', value: 50 } },
      { name: 'round, p95', value: percentile(rounds, 95), unit: 'ms', target: { op: '<=', value: 50 } },
      { name: 'first round (every window read from SQLite)', value: cold, unit: 'ms' },
    ],
  );
}
