import { describe, expect, it } from 'vitest';
import type { ForecastInsight } from '../../src/shared/types/insights';
import { forecastBand, forecastHorizonMs } from '../../src/renderer/src/format/forecast-band';

const HOUR = 3_600_000;
const disk = (over: Partial<ForecastInsight> = {}): ForecastInsight => ({
  kind: 'forecast',
  id: 'f1',
  series: { metric: 'system_disk_used_percent', labels: { mountpoint: '/' }, selector: 'system_disk_used_percent{mountpoint="/"}' },
  service: null,
  threshold: 95,
  direction: 'up',
  status: 'fills',
  secondsUntil: 6 * 3600,
  interval: [4 * 3600, 9 * 3600],
  level: 65,
  at: 1_000_000,
  summary: 'fills in 6 h (4–9 h)',
  ...over,
});

describe('the forecast band ahead of now', () => {
  it('runs from the level now to the threshold at the expected, fast and slow crossings, and on at the same slopes', () => {
    const forecast = disk();
    const end = forecast.at + forecastHorizonMs(forecast);
    const band = forecastBand(forecast, end);
    expect(band?.ts).toEqual([forecast.at, forecast.at + 4 * HOUR, forecast.at + 6 * HOUR, forecast.at + 9 * HOUR, end]);
    expect(band?.expected[0]).toBe(65);
    expect(band?.expected[2]).toBeCloseTo(95);
    expect(band?.near[1]).toBeCloseTo(95);
    expect(band?.far[3]).toBeCloseTo(95);
    // The fast edge is past the threshold where the slow one is still below it.
    expect(band?.near[4]).toBeGreaterThan(band?.expected[4] as number);
    expect(band?.far[4]).toBeLessThan(band?.expected[4] as number);
    // 10 % past the slow crossing.
    expect(end - forecast.at).toBe(9.9 * HOUR);
  });

  it('draws a draining gauge downwards, and an open slow end flat at the level', () => {
    const forecast = disk({ direction: 'down', threshold: 7, level: 30, secondsUntil: 10 * 86_400, interval: [5 * 86_400, null] });
    const band = forecastBand(forecast, forecast.at + forecastHorizonMs(forecast));
    expect(band?.near[1]).toBeCloseTo(7);
    expect(band?.far.every((value) => value === 30)).toBe(true);
    expect(band?.expected.at(-1)).toBeLessThan(7);
  });

  it('draws nothing for a forecast already crossed, one without a level, or a chart that ends before it', () => {
    expect(forecastBand(disk({ status: 'crossed', secondsUntil: 0 }), 2e9)).toBeNull();
    expect(forecastBand(disk({ level: null }), 2e9)).toBeNull();
    expect(forecastBand(disk(), 500_000)).toBeNull();
  });

  it('keeps only the crossings that fall before the chart ends', () => {
    const forecast = disk();
    const band = forecastBand(forecast, forecast.at + 5 * HOUR);
    expect(band?.ts).toEqual([forecast.at, forecast.at + 4 * HOUR, forecast.at + 5 * HOUR]);
  });
});
