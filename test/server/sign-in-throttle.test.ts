import { describe, expect, it } from 'vitest';
import { SignInThrottle } from '../../src/server/auth/sign-in-throttle';
import { ErrorLogLimiter } from '../../src/server/error-log-limiter';
import { isSafeStaticPath } from '../../src/server/static-path';
import { FakeClock } from '../helpers/fake-clock';

describe('SignInThrottle', () => {
  it('makes a client wait after 5 failures within a minute, until the oldest leaves the window', () => {
    const clock = new FakeClock();
    const throttle = new SignInThrottle(() => clock.now());
    for (let i = 0; i < 5; i++) {
      expect(throttle.retryAfterSeconds('10.0.0.1')).toBe(0);
      throttle.recordFailure('10.0.0.1');
      clock.advance(5_000);
    }
    // First failure at 0 s, now 25 s: 35 s to wait.
    expect(throttle.retryAfterSeconds('10.0.0.1')).toBe(35);
    expect(throttle.retryAfterSeconds('10.0.0.2')).toBe(0);
    clock.advance(34_500);
    expect(throttle.retryAfterSeconds('10.0.0.1')).toBe(1);
    clock.advance(500);
    // The first failure left the window: one more attempt, and failing it waits again.
    expect(throttle.retryAfterSeconds('10.0.0.1')).toBe(0);
    throttle.recordFailure('10.0.0.1');
    expect(throttle.retryAfterSeconds('10.0.0.1')).toBe(5);
  });

  it('forgets a client that signs in, and spreads out failures that never reach the limit', () => {
    const clock = new FakeClock();
    const throttle = new SignInThrottle(() => clock.now());
    for (let i = 0; i < 4; i++) throttle.recordFailure('a');
    throttle.recordSuccess('a');
    for (let i = 0; i < 4; i++) throttle.recordFailure('a');
    expect(throttle.retryAfterSeconds('a')).toBe(0);
    // One failure every 15 s never has 5 within a minute.
    for (let i = 0; i < 20; i++) {
      clock.advance(15_001);
      throttle.recordFailure('b');
      expect(throttle.retryAfterSeconds('b')).toBe(0);
    }
  });

  it('remembers a bounded number of clients', () => {
    const clock = new FakeClock();
    const throttle = new SignInThrottle(() => clock.now(), { maxClients: 100 });
    for (let i = 0; i < 10_000; i++) throttle.recordFailure(`client-${i}`);
    expect((throttle as unknown as { failures: Map<string, number[]> }).failures.size).toBeLessThanOrEqual(100);
    // The most recent ones are kept.
    for (let i = 0; i < 4; i++) throttle.recordFailure('client-9999');
    expect(throttle.retryAfterSeconds('client-9999')).toBe(60);
  });
});

describe('ErrorLogLimiter', () => {
  it('lets 10 error lines a minute through and reports how many were held back', () => {
    const clock = new FakeClock();
    const limiter = new ErrorLogLimiter(() => clock.now());
    const first = Array.from({ length: 1_000 }, () => limiter.admit());
    expect(first.filter((admitted) => admitted.log)).toHaveLength(10);
    clock.advance(59_999);
    expect(limiter.admit()).toEqual({ log: false, heldBack: 0 });
    clock.advance(1);
    expect(limiter.admit()).toEqual({ log: true, heldBack: 991 });
  });
});

describe('isSafeStaticPath', () => {
  it('accepts the console files and refuses every way of leaving the folder', () => {
    for (const ok of ['/', '/index.html', '/assets/index-abc123.js', '/assets/a%20b.css?v=1', '/fonts/x.woff2'])
      expect([ok, isSafeStaticPath(ok)]).toEqual([ok, true]);
    for (const bad of [
      '/../etc/passwd',
      '/assets/../../x',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/%2E%2E%2Fetc',
      '/%252e%252e/etc/passwd',
      '/%25252e%25252e/x',
      '/..%5c..%5cetc',
      '/a\\..\\b',
      '/%00',
      '/index.html%00.js',
      '/%c0%ae%c0%ae/x',
      '/%',
      '/a%zz',
      '/./index.html',
    ]) {
      expect([bad, isSafeStaticPath(bad)]).toEqual([bad, false]);
    }
  });
});
