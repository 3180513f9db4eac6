import type { NamedSeries } from './nab-series';
import { SeededRandom } from './seeded-random';

/**
 * Generated seasonal series with known shape: a daily sine with noise; a working week (busy
 * weekdays, quiet weekends) with growth; a nightly batch job (a sharp hour-long peak); a daily
 * pattern with outliers, a level shift and a six-hour gap; and the store's hourly rollups of a
 * daily pattern (one sample an hour, for 60 days).
 */
const T0 = Date.UTC(2026, 0, 5); // a Monday
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function series(
  name: string,
  stepMs: number,
  days: number,
  value: (t: number, random: SeededRandom, i: number) => number | undefined,
  seed: number,
): NamedSeries {
  const random = new SeededRandom(seed);
  const ts: number[] = [];
  const values: number[] = [];
  for (let i = 0, t = T0; t < T0 + days * DAY; i++, t += stepMs) {
    const v = value(t, random, i);
    if (v === undefined) continue;
    ts.push(t);
    values.push(v);
  }
  return { name, ts, values };
}

const hourOfDay = (t: number): number => ((t - T0) % DAY) / HOUR;
const dayOfWeek = (t: number): number => Math.floor((t - T0) / DAY) % 7; // 0 = Monday

export function seasonalScenarios(): NamedSeries[] {
  return [
    series('generated/daily-sine', 5 * 60_000, 21, (t, r) => 50 + 20 * Math.sin((2 * Math.PI * hourOfDay(t)) / 24) + 4 * r.gaussian(), 1),
    series(
      'generated/working-week',
      10 * 60_000,
      42,
      (t, r) => {
        const h = hourOfDay(t);
        const busy = dayOfWeek(t) < 5 && h >= 8 && h < 18 ? 60 * Math.sin((Math.PI * (h - 8)) / 10) : 0;
        return 100 + 0.5 * ((t - T0) / DAY) + busy + 5 * r.gaussian();
      },
      2,
    ),
    series('generated/nightly-batch', 5 * 60_000, 21, (t, r) => 20 + (hourOfDay(t) >= 2 && hourOfDay(t) < 3 ? 70 : 0) + 3 * r.gaussian(), 3),
    series(
      'generated/outliers-shift-gap',
      5 * 60_000,
      28,
      (t, r) => {
        const days = (t - T0) / DAY;
        if (days > 17 && days < 17.25) return undefined; // a six-hour gap
        if (r.uniform() < 0.01) return 400 * r.uniform(); // bad readings
        return (days > 12 ? 130 : 100) + 30 * Math.cos((2 * Math.PI * hourOfDay(t)) / 24) + 5 * r.gaussian();
      },
      4,
    ),
    series(
      'generated/hourly-rollups',
      HOUR,
      60,
      (t, r) => 40 + 0.2 * ((t - T0) / DAY) + 15 * Math.sin((2 * Math.PI * (hourOfDay(t) - 6)) / 24) + 2 * r.gaussian(),
      5,
    ),
  ];
}
