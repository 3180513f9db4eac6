import { afterEach, describe, expect, it } from 'vitest';
import { memoryGrowthAdvice } from '../../../../src/core/analysis/advice/memory-growth-advice';
import { AdviceBench, HOUR, MINUTE, noise } from './advice-bench';

const benches: AdviceBench[] = [];
afterEach(() => benches.splice(0).forEach((bench) => bench.close()));

const MB = 1024 ** 2;
const WORKSPACE = `version: 1
machine: false
services:
  api: {}
`;

/** A garbage-collected heap: fills for 10 minutes, then a collection drops it back to `floor(t)`. */
function sawtooth(floor: (hours: number) => number): (t: number, i: number) => number {
  return (t, i) => {
    const hours = t / HOUR;
    const intoCycle = (t % (10 * MINUTE)) / (10 * MINUTE);
    return floor(hours) + 30 * MB * intoCycle + 0.5 * MB * noise(i);
  };
}

async function memory(shape: (t: number, i: number) => number, hours = 6): Promise<AdviceBench> {
  const bench = new AdviceBench(WORKSPACE);
  benches.push(bench);
  const id = bench.id('process_resident_memory_bytes', { service: 'api' });
  const start = bench.clock.now();
  await bench.run(hours * HOUR, 10_000, (t, i) => bench.series.writer.append(id, t, shape(t - start, i)));
  return bench;
}

describe('advice: memory that grows steadily (leak suspicion)', () => {
  it('appears when the floor under the GC sawtooth rises 5 MB/h, with the slope', async () => {
    const bench = await memory(sawtooth((hours) => 100 * MB + 5 * MB * hours));
    const [advice, ...rest] = memoryGrowthAdvice(bench.context());
    expect(rest).toEqual([]);
    expect(advice).toMatchObject({ advice: 'memory-growth', service: 'api', apply: null });
    const slope = advice?.facts.find((fact) => fact.name === 'slope');
    expect(slope?.unit).toBe('bytes/h');
    expect(slope?.value).toBeGreaterThan(4 * MB);
    expect(slope?.value).toBeLessThan(6 * MB);
    expect(advice?.summary).toMatch(/MB\/h/);
    expect(advice?.charts[0]?.query).toBe('process_resident_memory_bytes{service="api"}');
  });

  it('does not appear for a sawtooth that returns to the same floor (garbage collection), however high its peaks', async () => {
    const bench = await memory(sawtooth(() => 100 * MB));
    expect(memoryGrowthAdvice(bench.context())).toEqual([]);
  });

  it('does not appear for a warm-up that levels off, nor for a service watched for less than two hours', async () => {
    const warmUp = await memory(sawtooth((hours) => 100 * MB + 80 * MB * Math.min(1, hours / 4)));
    expect(memoryGrowthAdvice(warmUp.context())).toEqual([]);
    const young = await memory(
      sawtooth((hours) => 100 * MB + 20 * MB * hours),
      1.5,
    );
    expect(memoryGrowthAdvice(young.context())).toEqual([]);
  });
});
