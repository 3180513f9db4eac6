import type { ForecastInsight, InsightSeries } from '../../shared/types/insights';
import { TrendForecaster, type TrendForecasterState } from './forecast/trend-forecaster';
import type { ThresholdQuestion } from './forecast/forecast-result';

/**
 * One forecast gauge as the engine follows it: every sample feeds the trend forecaster; every
 * `forecast_every` the time until the threshold is asked, written as forecast_seconds_until and
 * kept as the series' forecast insight while it fills (or has crossed).
 */
export class ForecastTracker {
  private last: ForecastInsight | null = null;
  private lastSampleAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly series: InsightSeries,
    readonly service: string | null,
    readonly question: ThresholdQuestion,
    private readonly forecaster: TrendForecaster,
  ) {}

  static restore(series: InsightSeries, service: string | null, question: ThresholdQuestion, state: string | undefined): ForecastTracker {
    let forecaster: TrendForecaster;
    try {
      forecaster = new TrendForecaster(state === undefined ? undefined : (JSON.parse(state) as TrendForecasterState));
    } catch {
      // A state of another layout: start learning again rather than refuse the series.
      forecaster = new TrendForecaster();
    }
    return new ForecastTracker(series, service, question, forecaster);
  }

  update(timeMs: number, value: number): void {
    if (this.forecaster.update(timeMs, value) === undefined) this.lastSampleAt = timeMs;
  }

  /** Forecasts from `nowMs`; returns the seconds to write (null: nothing to write). */
  evaluate(nowMs: number): number | null {
    const answer = this.forecaster.forecast(nowMs, this.question);
    if (answer.status !== 'fills' && answer.status !== 'crossed') {
      this.last = null;
      return null;
    }
    const seconds = answer.status === 'crossed' ? 0 : (answer.secondsUntil ?? 0);
    const interval: [number, number | null] | null =
      answer.interval === undefined ? null : [answer.interval[0], Number.isFinite(answer.interval[1]) ? answer.interval[1] : null];
    this.last = {
      kind: 'forecast',
      id: `forecast-${this.series.selector}-${this.question.threshold}`,
      series: this.series,
      service: this.service,
      threshold: this.question.threshold,
      direction: answer.direction,
      status: answer.status,
      secondsUntil: seconds,
      interval,
      level: answer.level ?? null,
      at: nowMs,
      summary: `${this.series.selector} ${answer.reason}`,
    };
    return seconds;
  }

  get insight(): ForecastInsight | null {
    return this.last;
  }

  get lastSample(): number {
    return this.lastSampleAt;
  }

  /** The expected path and band ahead of now, for charts. */
  path(nowMs: number, untilMs: number, points: number): ReturnType<TrendForecaster['path']> {
    return this.forecaster.path(nowMs, untilMs, points);
  }

  serialize(): string {
    return JSON.stringify(this.forecaster.snapshot());
  }
}
