/**
 * The detector's few tuned numbers, the same for every series. They are chosen on the public half
 * of NAB (bench/analysis) and checked by leave-one-category-out cross-validation there; the
 * benchmark is the only caller that varies them.
 */
export interface AnomalyParameters {
  /** Surprisal (nats) at which an alarm is raised; maps to score 0.99. */
  alarmSurprisal: number;
  /** Samples after an alarm during which repeats are held below the alarm level. */
  holdSamples: number;
  /** How much stranger (nats) than the alarm a held sample must be to raise a new one. */
  escalation: number;
  /** Nats added per e-fold by which a deviation beats (or misses) its side's record. */
  recordWeight: number;
  /** Quantile of a statistic's history above which its tail is modelled (generalised Pareto). */
  tailQuantile: number;
  /** Weight of each new visit in a seasonal phase bin's mean and deviation. */
  seasonalSmoothing: number;
}

export const DEFAULT_PARAMETERS: Readonly<AnomalyParameters> = Object.freeze({
  alarmSurprisal: 5,
  holdSamples: 100,
  escalation: 5,
  recordWeight: 8,
  tailQuantile: 0.995,
  seasonalSmoothing: 0.25,
});
