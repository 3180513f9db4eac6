import os from 'node:os';
import { AnomalyDetector } from '../../src/core/analysis/anomaly/anomaly-detector';
import { SeriesScorer } from '../../src/core/analysis/series-scorer';

/**
 * The detector's cost per sample on one core (Node runs a detector on one thread), as CPU time
 * (process.cpuUsage) rather than wall time: on a shared machine the wall clock counts the time
 * other processes had the core, so a rate from it falls with the load average, while CPU time per
 * sample does not. Measured in the same run over the same samples for the detector alone, for the
 * detector as the engine runs it (SeriesScorer: episodes and the materiality test around it), and
 * for a trivial baseline: an exponentially weighted mean and variance with a Gaussian tail as the
 * score, the least a streaming detector can do. Passes are interleaved so a busy moment falls on
 * all three alike.
 */
export interface Stream {
  times: Float64Array;
  values: Float64Array;
}

export interface Cost {
  /** Samples per second of CPU time, and nanoseconds of CPU time per sample. */
  samplesPerCpuSecond: number;
  cpuNsPerSample: number;
  /** Samples per second of wall time in the same passes (falls with the machine's load). */
  samplesPerWallSecond: number;
}

export interface Throughput {
  detector: Cost;
  scorer: Cost;
  baseline: Cost;
  /** The 1-minute load average when the measurement ended. */
  loadAverage: number;
}

/** Each contender runs until it has used this much CPU time. */
const MIN_CPU_SECONDS = 1.5;

export function measureThroughput(streams: readonly Stream[]): Throughput {
  const total = streams.reduce((sum, stream) => sum + stream.values.length, 0);
  const contenders = {
    detector: () => {
      let sink = 0;
      for (const stream of streams) {
        const one = new AnomalyDetector();
        for (let i = 0; i < stream.values.length; i++) sink += one.update(stream.times[i] as number, stream.values[i] as number).score ?? 0;
      }
      return sink;
    },
    scorer: () => {
      let sink = 0;
      for (const stream of streams) {
        const one = SeriesScorer.create('nab_value', {});
        for (let i = 0; i < stream.values.length; i++) sink += one.update(stream.times[i] as number, stream.values[i] as number).score ?? 0;
      }
      return sink;
    },
    baseline: () => {
      let sink = 0;
      for (const stream of streams) {
        const one = new EwmaBaseline();
        for (let i = 0; i < stream.values.length; i++) sink += one.update(stream.values[i] as number);
      }
      return sink;
    },
  };
  const spent = { detector: { cpu: 0, wall: 0, passes: 0 }, scorer: { cpu: 0, wall: 0, passes: 0 }, baseline: { cpu: 0, wall: 0, passes: 0 } };
  const names = Object.keys(contenders) as (keyof typeof contenders)[];
  let sink = 0;
  // One warm-up pass each, for the JIT.
  for (const name of names) sink += contenders[name]();
  while (names.some((name) => spent[name].cpu < MIN_CPU_SECONDS)) {
    for (const name of names) {
      if (spent[name].cpu >= MIN_CPU_SECONDS) continue;
      const cpuBefore = process.cpuUsage();
      const wallBefore = process.hrtime.bigint();
      sink += contenders[name]();
      const cpu = process.cpuUsage(cpuBefore);
      spent[name].wall += Number(process.hrtime.bigint() - wallBefore) / 1e9;
      spent[name].cpu += (cpu.user + cpu.system) / 1e6;
      spent[name].passes++;
    }
  }
  if (Number.isNaN(sink)) process.stdout.write('');
  const cost = (name: keyof typeof contenders): Cost => {
    const samples = total * spent[name].passes;
    return {
      samplesPerCpuSecond: samples / spent[name].cpu,
      cpuNsPerSample: (spent[name].cpu * 1e9) / samples,
      samplesPerWallSecond: samples / spent[name].wall,
    };
  };
  return { detector: cost('detector'), scorer: cost('scorer'), baseline: cost('baseline'), loadAverage: os.loadavg()[0] as number };
}

class EwmaBaseline {
  private mean = 0;
  private variance = 0;
  private count = 0;

  update(value: number): number {
    this.count++;
    const alpha = Math.max(1 / this.count, 0.01);
    const delta = value - this.mean;
    this.mean += alpha * delta;
    this.variance = (1 - alpha) * (this.variance + alpha * delta * delta);
    const z = Math.abs(delta) / Math.sqrt(this.variance + 1e-12);
    return 1 - Math.exp(-0.5 * z * z);
  }
}
