import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import { ZervigoError } from '../../../src/shared/errors';
import { engineCall } from '../../helpers/engine-call';
import { FakeClock } from '../../helpers/fake-clock';
import { contextAs } from '../../helpers/principals';
import { tempDir, writeFile } from '../../helpers/temp-dir';

const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

const T0 = Date.UTC(2026, 10, 1);
const viewer = contextAs('viewer');

/** An engine on a real SQLite store holding a few series, as probes would have written them. */
function engineWithSeries(): Engine {
  const dir = tempDir();
  const workspacePath = writeFile(dir, 'zervigo.yaml', 'version: 1\nmachine: false\n');
  const clock = new FakeClock(T0 + 60_000);
  const engine = Engine.start({ dataDir: path.join(dir, 'data'), workspacePath, shell: 'server', logger: silentLogger, processEnv: {}, clock });
  engines.push(engine);
  const write = (name: string, labels: Record<string, string>, value: number): void => {
    const id = engine.series.index.idOf(name, labels);
    for (let i = 0; i < 6; i++) engine.series.writer.append(id, T0 + i * 10_000, value);
  };
  write('probe_success', { service: 'api', probe: 'http#0' }, 1);
  write('probe_success', { service: 'db', probe: 'tcp#0' }, 0);
  write('probe_success', { service: 'we"ird', probe: 'tcp#0' }, 1);
  write('probe_duration_seconds', { service: 'api', probe: 'http#0' }, 0.25);
  write('process_cpu_usage_percent', { service: 'api', pid_group: 'main' }, 12);
  engine.series.writer.flush();
  return engine;
}

const complete = (engine: Engine, query: string, position = query.length) => engineCall(engine, 'metrics.complete', { query, position }, viewer);
const labelsOf = (items: { label: string }[]) => items.map((item) => item.label);

describe('metrics.complete (PromQL completion from the series index, for a viewer)', () => {
  it('offers metric names, functions and aggregations where an expression goes, names starting with the typed text first', async () => {
    const engine = engineWithSeries();
    const result = await complete(engine, 'sum(rate(probe_');
    expect(result.from).toBe('sum(rate('.length);
    expect(result.to).toBe('sum(rate(probe_'.length);
    expect(labelsOf(result.items)).toEqual(['probe_duration_seconds', 'probe_success']);
    const empty = await complete(engine, '');
    expect(labelsOf(empty.items)).toEqual(expect.arrayContaining(['process_cpu_usage_percent', 'rate', 'sum', 'avg_over_time']));
    expect(empty.items.find((item) => item.label === 'rate')?.kind).toBe('function');
    const su = await complete(engine, 'su');
    expect(su.items.find((item) => item.label === 'sum')?.kind).toBe('aggregation');
    expect(labelsOf(su.items).slice(0, 2).sort()).toEqual(['sum', 'sum_over_time']);
    // Contains what was typed, without starting with it: after those that start with it.
    expect(labelsOf(su.items).slice(2)).toEqual(expect.arrayContaining(['probe_success']));
  });

  it('offers the label names of the metric before the braces, and every label name without one', async () => {
    const engine = engineWithSeries();
    const result = await complete(engine, 'probe_success{');
    expect(labelsOf(result.items)).toEqual(['probe', 'service']);
    const second = await complete(engine, 'process_cpu_usage_percent{service="api", pi');
    expect(labelsOf(second.items)).toEqual(['pid_group', 'service']);
    expect(second.from).toBe('process_cpu_usage_percent{service="api", '.length);
    const any = await complete(engine, '{');
    expect(labelsOf(any.items)).toEqual(expect.arrayContaining(['pid_group', 'probe', 'service']));
    const grouped = await complete(engine, 'sum by (se) (probe_success)', 'sum by (se'.length);
    expect(grouped.items.map((item) => item.kind)).toContain('label');
    expect(grouped).toMatchObject({ from: 'sum by ('.length, to: 'sum by (se'.length });
  });

  it('offers the values of the label on series of that metric, narrowed by the other matchers, quoted safely', async () => {
    const engine = engineWithSeries();
    const bare = await complete(engine, 'probe_success{service=');
    expect(bare.items.map((item) => item.apply ?? item.label)).toEqual(['"api"', '"db"', '"we\\"ird"']);
    const quoted = await complete(engine, 'probe_success{service="');
    expect(quoted.items).toEqual([
      { label: 'api', kind: 'value' },
      { label: 'db', kind: 'value' },
      { label: 'we"ird', kind: 'value', apply: 'we\\"ird' },
    ]);
    // Inside a string that is already closed: the whole value is replaced.
    const inside = await complete(engine, 'probe_success{service="a"}', 'probe_success{service="a'.length);
    expect(inside).toMatchObject({ from: 'probe_success{service="'.length, to: 'probe_success{service="a'.length });
    const narrowed = await complete(engine, 'probe_success{probe="http#0", service=~"');
    expect(labelsOf(narrowed.items)).toEqual(['api']);
    const otherMetric = await complete(engine, 'process_cpu_usage_percent{service="');
    expect(labelsOf(otherMetric.items)).toEqual(['api']);
  });

  it('offers range durations inside brackets', async () => {
    const engine = engineWithSeries();
    const result = await complete(engine, 'rate(probe_success[');
    expect(labelsOf(result.items)).toContain('5m');
  });
});

describe('metrics.instant and rule graphs', () => {
  it('evaluates at a moment in Prometheus /query shape, and a parse error says where it is', async () => {
    const engine = engineWithSeries();
    const result = await engineCall(engine, 'metrics.instant', { query: 'probe_success == 0', time: (T0 + 55_000) / 1000 }, viewer);
    expect(result).toEqual({
      resultType: 'vector',
      result: [{ metric: { __name__: 'probe_success', service: 'db', probe: 'tcp#0' }, value: [(T0 + 55_000) / 1000, '0'] }],
    });
    const failure = await engineCall(engine, 'metrics.instant', { query: 'sum(rate(probe_success[5m]) +' }, viewer).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ZervigoError);
    expect((failure as ZervigoError).code).toBe('invalid_input');
    const place = (failure as ZervigoError).details as { from: number; to: number };
    expect(place.from).toBeGreaterThan(0);
    expect(place.to).toBeGreaterThanOrEqual(place.from);
    const unknown = await engineCall(engine, 'metrics.instant', { query: 'nosuchfn(probe_success)' }, viewer).catch((error: unknown) => error);
    expect((unknown as ZervigoError).message).toContain('unknown function "nosuchfn"');
    expect((unknown as ZervigoError).details).toEqual({ from: 0, to: 'nosuchfn'.length });
  });
});
