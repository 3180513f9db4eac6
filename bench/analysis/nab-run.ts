import { AnomalyDetector } from '../../src/core/analysis/anomaly/anomaly-detector';
import { type AnomalyParameters } from '../../src/core/analysis/anomaly/anomaly-parameters';
import { nabTimestampMs, type NabSeries } from './nab-corpus';

/**
 * Zervigo's detector over one NAB file exactly as the engine runs it: one detector per series,
 * fed each sample in order, nothing else known. A sample it declines to score (learning, a bad
 * value) is written as 0, as NAB expects a score on every row.
 */
export function detectSeries(series: NabSeries, parameters?: Partial<AnomalyParameters>): { scores: number[]; stateBytes: number } {
  const detector = new AnomalyDetector({ parameters });
  const scores = new Array<number>(series.values.length);
  for (let i = 0; i < series.values.length; i++) {
    scores[i] = detector.update(nabTimestampMs(series.timestamps[i] as string), series.values[i] as number).score ?? 0;
  }
  return { scores, stateBytes: detector.serialize().length };
}
