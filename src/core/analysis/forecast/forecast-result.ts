/**
 * What a forecaster answers about a threshold, for insights, series (`forecast_seconds_until`)
 * and charts alike. Every answer that is not a time says why, in words an operator can use.
 */
export type Direction = 'up' | 'down';

export interface ThresholdQuestion {
  threshold: number;
  /** 'up': filling towards a maximum; 'down': draining towards a minimum. Default: the side the threshold is on. */
  direction?: Direction;
}

/** A point of a forecast path: the expected value and a band (80 % by default) around it. */
export interface PathPoint {
  t: number;
  value: number;
  low: number;
  high: number;
}

export type ForecastStatus =
  | 'fills' // the threshold is reached within the horizon: secondsUntil and its interval
  | 'crossed' // the series is already past the threshold
  | 'not-filling' // no trend towards the threshold that stands out from the noise, or moving away
  | 'levels-off' // moving towards it, but slowing down so that it stops short
  | 'beyond-horizon' // it would get there, but later than the history seen can vouch for
  | 'insufficient'; // not enough usable data yet

export interface ThresholdForecast {
  status: ForecastStatus;
  direction: Direction;
  threshold: number;
  /** Expected time until the threshold (s), when status is 'fills'. */
  secondsUntil?: number;
  /** The interval's earliest and latest times (s); latest is Infinity when the slow side never gets there. */
  interval?: [number, number];
  /** The current level the forecast starts from. */
  level?: number;
  /** Current rate (units per second, signed). */
  ratePerSecond?: number;
  /** A sentence: "fills in 6 h (4–9 h) at the current rate", or why there is no time. */
  reason: string;
}

export function humanDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'never';
  const s = Math.max(0, seconds);
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  if (s < 36 * 3600) return `${roundTwo(s / 3600)} h`;
  if (s < 21 * 86400) return `${roundTwo(s / 86400)} d`;
  return `${roundTwo(s / (7 * 86400))} weeks`;
}

function roundTwo(x: number): string {
  return x < 10 ? String(Math.round(x * 10) / 10) : String(Math.round(x));
}

export function directionFor(question: ThresholdQuestion, level: number): Direction {
  return question.direction ?? (question.threshold >= level ? 'up' : 'down');
}

/** "fills in 6 h (4–9 h) at the current rate" / "drains in …". */
export function fillSentence(direction: Direction, seconds: number, interval: [number, number], basis: string): string {
  const verb = direction === 'up' ? 'fills' : 'drains';
  const late = Number.isFinite(interval[1]) ? humanDuration(interval[1]) : 'not at all';
  return `${verb} in ${humanDuration(seconds)} (${humanDuration(interval[0])}–${late}) ${basis}`;
}
