import { AnomalyDetector } from '../../src/core/analysis/anomaly/anomaly-detector';

/**
 * Samples per second on one core (Node runs a detector on one thread) for Zervigo's detector and,
 * in the same run over the same samples, for a trivial baseline: an exponentially weighted mean
 * and variance with a Gaussian tail as the score, the least a streaming detector can do.
 */
export interface Stream {
  times: Float64Array;
  values: Float64Array;
}

export interface Throughput {
  detector: number;
  baseline: number;
}

const MIN_SECONDS = 1.5;

export function measureThroughput(streams: readonly Stream[]): Throughput {
  const total = streams.reduce((sum, stream) => sum + stream.values.length, 0);
  const detector = rate(total, () => {
    let sink = 0;
    for (const stream of streams) {
      const one = new AnomalyDetector();
      for (let i = 0; i < stream.values.length; i++) sink += one.update(stream.times[i] as number, stream.values[i] as number).score ?? 0;
    }
    return sink;
  });
  const baseline = rate(total, () => {
    let sink = 0;
    for (const stream of streams) {
      const one = new EwmaBaseline();
      for (let i = 0; i < stream.values.length; i++) sink += one.update(stream.values[i] as number);
    }
    return sink;
  });
  return { detector, baseline };
}

/** Repeats the pass until MIN_SECONDS have gone by (one warm-up pass first, for the JIT). */
function rate(samplesPerPass: number, pass: () => number): number {
  pass();
  let passes = 0;
  let sink = 0;
  const started = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < MIN_SECONDS) {
    sink += pass();
    passes++;
    elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  }
  if (Number.isNaN(sink)) process.stdout.write('');
  return (samplesPerPass * passes) / elapsed;
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
