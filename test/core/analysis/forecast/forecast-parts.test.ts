import { describe, expect, it } from 'vitest';
import { seededGaussian } from '../../../helpers/seeded-gaussian';
import { BurstSteps } from '../../../../src/core/analysis/forecast/burst-steps';
import { LevelShifts } from '../../../../src/core/analysis/forecast/level-shifts';
import { LogTimeBuckets } from '../../../../src/core/analysis/forecast/log-time-buckets';
import { latestRateRegime } from '../../../../src/core/analysis/forecast/rate-regime';
import { wanderCurvatureError, wanderRateError } from '../../../../src/core/analysis/forecast/rate-wander';
import { fitRobustPolynomial } from '../../../../src/core/analysis/forecast/robust-polynomial';
import { SampleGate } from '../../../../src/core/analysis/forecast/sample-gate';
import { detectSeason } from '../../../../src/core/analysis/forecast/season-detector';
import { firstCrossing } from '../../../../src/core/analysis/forecast/threshold-crossing';

describe('forecast parts', () => {
  it("rate wander: bounds the error of a line's rate and a parabola's curvature over a random walk, and over white noise, from the residuals alone", () => {
    const gaussian = seededGaussian(7);
    // 400 stretches of 30 points 1 s apart, rising 5 per second: the level a random walk (σ 1 per
    // step), then white noise (σ 1) around the line. |fitted − true| / bound is a standard
    // normal's size where the bound is right: its root mean square near 1 for the walk, below 1
    // (an upper bound) for white noise (measured: rate 1.09 and 0.17, curvature 1.11 and 0.30).
    for (const walk of [true, false]) {
      let rateSquares = 0;
      let curvatureSquares = 0;
      for (let run = 0; run < 400; run++) {
        const xs = Array.from({ length: 30 }, (_, i) => i - 29);
        let level = 0;
        const ys = xs.map((x) => (walk ? (level += gaussian()) : gaussian()) + 5 * x);
        const line = fitRobustPolynomial(xs, ys, 1, undefined, 1)?.coef as [number, number];
        const parabola = fitRobustPolynomial(xs, ys, 2, undefined, 1)?.coef as [number, number, number];
        rateSquares += ((line[1] - 5) / (wanderRateError(xs, ys, 29, line[0], line[1]) as number)) ** 2;
        curvatureSquares += (parabola[2] / (wanderCurvatureError(xs, ys, 29, parabola) as number)) ** 2;
      }
      for (const squares of [rateSquares, curvatureSquares]) {
        const rms = Math.sqrt(squares / 400);
        if (walk) expect(rms).toBeGreaterThan(0.7);
        expect(rms).toBeLessThan(walk ? 1.4 : 0.5);
      }
    }
  });

  it('rate regimes: a break seen only over the newer half of a steady fill needs the higher bar (an extra search finds more chance breaks)', () => {
    // Twelve 2-day steady fills at 1 min, each minute's write ±50 % (the level wanders) plus
    // reading noise, in the forecaster's log-time buckets; searched every 58 min from a fifth of
    // the way. Breaks found only over the newer half: 103 of 480 searches at the whole history's
    // bar (4 standard errors), 71 at 5, 57 at 6.
    let newerHalfOnly = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const gaussian = seededGaussian(200 + seed);
      const buckets = new LogTimeBuckets(4, 16);
      let level = 30e9;
      for (let i = 0; i < 2880; i++) {
        level += (60e9 / 2880) * (1 + 0.5 * gaussian());
        buckets.add(i * 60_000, level + 0.2e9 * gaussian());
        if (i < 2880 / 5 || i % 58 !== 0) continue;
        const points = buckets.pointsSince(Number.NEGATIVE_INFINITY);
        const now = i * 60_000;
        const regime = latestRateRegime(
          points.map((p) => (p.t - now) / 1000),
          points.map((p) => p.v),
          points.map((p) => p.n),
        );
        if (regime?.newerHalfOnly === true) newerHalfOnly++;
      }
    }
    expect(newerHalfOnly).toBeLessThan(65);
  });

  it('log-time buckets hold the whole history in few buckets, fine near now, without losing a sample', () => {
    const buckets = new LogTimeBuckets(4, 16);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) {
      buckets.add(i * 1000, i);
      sum += i;
    }
    expect(buckets.size).toBeLessThanOrEqual(4 * 16);
    expect(buckets.samples).toBe(100_000);
    const points = buckets.pointsSince(Number.NEGATIVE_INFINITY);
    expect(points.reduce((a, p) => a + p.v * p.n, 0)).toBeCloseTo(sum, -3);
    expect((points[points.length - 1] as { n: number }).n).toBe(1);
    expect((points[0] as { n: number }).n).toBeGreaterThan(1000);
  });

  it('log-time buckets forget the oldest beyond their levels, so memory stays bounded', () => {
    const buckets = new LogTimeBuckets(2, 4);
    for (let i = 0; i < 10_000; i++) buckets.add(i, 1);
    expect(buckets.size).toBeLessThanOrEqual(2 * 4 + 1);
    expect(buckets.samples).toBeLessThan(100);
  });

  it('the level-shift detector drops a spike but takes a lasting jump as an event', () => {
    const shifts = new LevelShifts();
    const out: number[] = [];
    for (let i = 0; i < 100; i++) for (const s of shifts.offer(i * 1000, i === 50 ? 1000 : i + (i % 2) * 0.1)) out.push(s.y);
    expect(out).toHaveLength(99);
    expect(shifts.outliers).toBe(1);
    for (let i = 100; i < 200; i++) shifts.offer(i * 1000, i - 500 + (i % 2) * 0.1);
    expect(shifts.events).toHaveLength(1);
    expect((shifts.events[0] as { size: number }).size).toBeCloseTo(-500, 0);
    expect(shifts.offset).toBeCloseTo(500, 0);
  });

  it('the sample gate absorbs a backward clock jump and refuses out-of-order samples', () => {
    const gate = new SampleGate();
    for (let i = 0; i < 10; i++) gate.admit(i * 1000, 1);
    expect(gate.admit(8500, 1)).toEqual({ rejected: 'clock-went-back' });
    const jumped = gate.admit(9000 - 3_600_000, 1);
    expect(jumped).toEqual({ time: 10_000 });
    expect(gate.clockJumps).toBe(1);
    expect(gate.toModelTime(9000 - 3_600_000 + 1000)).toBe(11_000);
  });

  it('the robust fit ignores outliers that pull least squares away', () => {
    const xs = Array.from({ length: 50 }, (_, i) => i);
    const ys = xs.map((x) => 2 * x + 1 + (x % 10 === 3 ? 500 : 0));
    const robust = fitRobustPolynomial(xs, ys, 1);
    const plain = fitRobustPolynomial(xs, ys, 1, undefined, 1);
    expect(robust?.coef[1]).toBeCloseTo(2, 6);
    expect(Math.abs((plain?.coef[1] as number) - 2)).toBeGreaterThan(0.1);
    expect(fitRobustPolynomial([1, 2], [1, 2], 2)).toBeUndefined();
  });

  it('the season detector measures strength and asks for enough cycles', () => {
    const step = 3_600_000;
    const sine = Array.from({ length: 24 * 6 }, (_, i) => Math.sin((2 * Math.PI * i) / 24) + 0.05 * Math.cos(i * 7.3));
    const found = detectSeason(sine, 0, step);
    expect('season' in found && found.season.periodMs).toBe(86_400_000);
    expect('season' in found && found.season.strength).toBeGreaterThan(0.9);
    const short = detectSeason(sine.slice(0, 48), 0, step);
    expect('none' in short && short.none).toContain('fewer than 3 days');
  });

  it('the crossing search finds a narrow peak it is told of, and never runs past its horizon', () => {
    const sawtooth = (h: number): number => (h % 100) / 100 + h / 1000; // rises 1.0 per tooth, 0.1 per 100
    // The grid alone steps over the short stretch of the third tooth that reaches 1.25…
    expect(firstCrossing((h) => sawtooth(h) >= 1.25, 10_000)).toBeGreaterThan(300);
    // …the moments before each jump, given, find it.
    expect(firstCrossing((h) => sawtooth(h) >= 1.25, 10_000, [99.999, 199.999, 299.999])).toBeCloseTo(295.4545, 2);
    const spike = (h: number): boolean => Math.abs(h - 123.456) < 1e-4;
    expect(firstCrossing(spike, 10_000)).toBe(Number.POSITIVE_INFINITY);
    expect(firstCrossing(spike, 10_000, [123.456])).toBeCloseTo(123.456, 3);
    expect(firstCrossing(() => false, 1e9)).toBe(Number.POSITIVE_INFINITY);
    expect(firstCrossing((h) => h >= 5, 0)).toBe(Number.POSITIVE_INFINITY);
  });

  it('burst steps: a staircase gives its period and step, a steady fill with the same noise none', () => {
    const gaussian = seededGaussian(7);
    const stairs = new BurstSteps();
    const steady = new BurstSteps();
    // 10 units climbed in 60 s every 600 s, sampled every 10 s; the steady fill gains as much on average.
    for (let t = 0; t <= 6000; t += 10) {
      const cycle = t % 600;
      stairs.add(t, 10 * Math.floor(t / 600) + 10 * Math.min(1, Math.max(0, (cycle - 300) / 60)) + 0.2 * gaussian());
      steady.add(t, (10 * t) / 600 + 0.2 * gaussian());
    }
    const pattern = stairs.pattern(6000);
    expect(pattern?.period).toBeCloseTo(600, -1);
    expect(pattern?.gain).toBeGreaterThan(9);
    expect(pattern?.gain).toBeLessThan(11);
    expect(steady.pattern(6000)).toBeUndefined();
    // The next step starts at 6300 s; 5 units above the current step are reached halfway through it.
    expect(stairs.crossing(6000, 105, 1)).toBeGreaterThan(300);
    expect(stairs.crossing(6000, 105, 1)).toBeLessThan(360);
    expect(stairs.crossing(6000, 105, -1)).toBeUndefined();
  });
});
