import { AnomalyDetector } from '../../src/core/analysis/anomaly/anomaly-detector';

/**
 * What `anomaly_score > 0.99` costs on a series with nothing to find: alarms per 10,000 samples
 * of pure noise (after the detector has learnt it), light-tailed and heavy-tailed.
 */
const SAMPLES = 200_000;
const SKIP = 10_000;

export interface FalseAlarmRate {
  noise: string;
  per10kAt099: number;
  per10kAt0999: number;
}

export function falseAlarmRates(): FalseAlarmRate[] {
  return [
    { noise: 'Gaussian', draw: (normal: () => number) => normal() },
    { noise: 'heavy-tailed (|N|^2.5)', draw: (normal: () => number) => Math.abs(normal()) ** 2.5 },
  ].map(({ noise, draw }) => {
    const normal = seededNormal(11);
    const detector = new AnomalyDetector();
    let at099 = 0;
    let at0999 = 0;
    for (let i = 0; i < SAMPLES; i++) {
      const score = detector.update(i * 10_000, 100 + draw(normal)).score;
      if (i < SKIP || score === null) continue;
      if (score > 0.99) at099++;
      if (score > 0.999) at0999++;
    }
    const per10k = 10_000 / (SAMPLES - SKIP);
    return { noise, per10kAt099: at099 * per10k, per10kAt0999: at0999 * per10k };
  });
}

function seededNormal(seed: number): () => number {
  let state = seed;
  const uniform = (): number => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
  return () => Math.sqrt(-2 * Math.log(uniform() + 1e-12)) * Math.cos(2 * Math.PI * uniform());
}
