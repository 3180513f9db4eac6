import { describe, expect, it } from 'vitest';
import { seededGaussian } from '../../../helpers/seeded-gaussian';
import { SeasonalForecaster, type SeasonalForecasterState } from '../../../../src/core/analysis/forecast/seasonal-forecaster';

const T0 = Date.UTC(2026, 0, 5); // a Monday, midnight
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const STEP = 5 * 60_000;

const daily = (t: number): number => 50 + 20 * Math.sin((2 * Math.PI * (t - T0)) / DAY);

describe('SeasonalForecaster', () => {
  it('finds a daily season and forecasts the next day better than the same hour yesterday', () => {
    const f = new SeasonalForecaster();
    const random = seededGaussian(1);
    const series = (t: number): number => daily(t) + 4 * random();
    const end = T0 + 10 * DAY;
    const seen: number[] = [];
    for (let t = T0; t < end; t += STEP) {
      const v = series(t);
      seen.push(v);
      f.update(t, v);
    }
    const season = f.season();
    expect(season).toMatchObject({ periodMs: DAY });
    const times: number[] = [];
    for (let t = end; t < end + DAY; t += STEP) times.push(t);
    const path = f.predict(times) ?? [];
    const actual = times.map(series);
    const ours = path.reduce((sum, p, i) => sum + Math.abs(p.value - (actual[i] as number)), 0);
    const perDay = DAY / STEP;
    const naive = actual.reduce((sum, a, i) => sum + Math.abs((seen[seen.length - perDay + i] as number) - a), 0);
    expect(ours / naive).toBeLessThan(0.9);
    const inside = path.filter((p, i) => (actual[i] as number) >= p.low && (actual[i] as number) <= p.high).length / path.length;
    expect(inside).toBeGreaterThan(0.65);
    expect(inside).toBeLessThan(0.97);
  });

  it('does not assume a season: noise or a random walk has none, and says why', () => {
    const random = seededGaussian(2);
    const white = new SeasonalForecaster();
    const walk = new SeasonalForecaster();
    let level = 100;
    for (let t = T0; t < T0 + 10 * DAY; t += STEP) {
      white.update(t, 10 + random());
      level += random();
      walk.update(t, level);
    }
    for (const f of [white, walk]) {
      const season = f.season();
      expect('none' in season && season.none).toMatch(/^no (daily|weekly) season: strength/);
      const answer = f.forecast(T0 + 10 * DAY, { threshold: 1000 });
      expect(answer.status).toBe('insufficient');
      expect(f.predict([T0 + 11 * DAY])).toBeUndefined();
    }
  });

  it('prefers a weekly season when weekends differ from weekdays', () => {
    const f = new SeasonalForecaster();
    const random = seededGaussian(3);
    for (let t = T0; t < T0 + 28 * DAY; t += 10 * 60_000) {
      const weekday = Math.floor((t - T0) / DAY) % 7 < 5;
      const hour = ((t - T0) % DAY) / HOUR;
      f.update(t, 100 + (weekday && hour >= 8 && hour < 18 ? 60 : 0) + 3 * random());
    }
    expect(f.season()).toMatchObject({ periodMs: 7 * DAY });
  });

  it('gives the time a growing daily cycle first reaches a threshold: at a peak', () => {
    const f = new SeasonalForecaster();
    const random = seededGaussian(4);
    // Peaks at 06:00 each day (sin peaks a quarter day in), rising 2 per day.
    const series = (t: number): number => daily(t) + (2 * (t - T0)) / DAY + random();
    const end = T0 + 8 * DAY;
    for (let t = T0; t < end; t += STEP) f.update(t, series(t));
    let truth = Number.NaN;
    for (let t = end; t < end + 30 * DAY; t += STEP) {
      if (daily(t) + (2 * (t - T0)) / DAY >= 90) {
        truth = t;
        break;
      }
    }
    const answer = f.forecast(end, { threshold: 90 });
    expect(answer.status).toBe('fills');
    const at = end + (answer.secondsUntil as number) * 1000;
    expect(Math.abs(at - truth)).toBeLessThan(DAY / 2);
    const hourOfDay = ((at - T0) % DAY) / HOUR;
    expect(Math.abs(hourOfDay - 6)).toBeLessThan(3);
    expect(answer.reason).toContain('with its daily season');
    // Below the peaks and with no growth: never.
    const flat = new SeasonalForecaster();
    for (let t = T0; t < end; t += STEP) flat.update(t, daily(t) + random());
    expect(flat.forecast(end, { threshold: 90 }).status).toBe('not-filling');
  });

  it('survives bad input and keeps bounded state', () => {
    const f = new SeasonalForecaster();
    expect(f.forecast(T0, { threshold: 1 }).status).toBe('insufficient');
    expect(f.update(T0, Number.NaN)).toBe('non-finite');
    f.update(T0, 1);
    expect(f.forecast(T0, { threshold: 10 }).reason).toMatch(/^no season yet/);
    const random = seededGaussian(5);
    // 60 days of 1-minute samples with a gap of a day and a clock that steps back 2 hours.
    let t = T0;
    for (let i = 0; i < 60 * 1440; i++) {
      t += 60_000;
      if (i === 20 * 1440) t += DAY;
      if (i === 40 * 1440) t -= 2 * HOUR;
      f.update(t, daily(t) + random() + (i % 5000 === 0 ? 1e6 : 0));
    }
    expect(f.season()).toMatchObject({ periodMs: DAY });
    expect(f.bytes).toBeLessThan(8192);
    expect(JSON.stringify(f.snapshot()).length).toBeLessThan(20_000);
  });

  it('round-trips its state through JSON', () => {
    const a = new SeasonalForecaster();
    const random = seededGaussian(6);
    const values: Array<[number, number]> = [];
    for (let t = T0; t < T0 + 9 * DAY; t += STEP) values.push([t, daily(t) + random()]);
    const half = Math.floor(values.length * 0.8);
    for (const [t, v] of values.slice(0, half)) a.update(t, v);
    const b = new SeasonalForecaster(JSON.parse(JSON.stringify(a.snapshot())) as SeasonalForecasterState);
    for (const [t, v] of values.slice(half)) {
      a.update(t, v);
      b.update(t, v);
    }
    const end = T0 + 9 * DAY;
    expect(b.snapshot()).toEqual(a.snapshot());
    expect(b.path(end, end + DAY, 25)).toEqual(a.path(end, end + DAY, 25));
  });
});
