import { describe, expect, it } from 'vitest';
import { decodeChunk, encodeChunk } from '../../../src/core/store/chunk-codec';

const T0 = Date.UTC(2026, 10, 22, 12, 0, 0);

function roundTrip(ts: number[], values: number[]): Buffer {
  const encoded = encodeChunk(ts, values);
  const decoded = decodeChunk(encoded);
  expect(decoded.ts).toEqual(ts);
  expect(decoded.values).toEqual(values);
  return encoded;
}

describe('chunk codec', () => {
  it('round-trips regular samples in about a byte each', () => {
    const ts = Array.from({ length: 3600 }, (_, i) => T0 + i * 1000);
    const success = ts.map(() => 1);
    expect(roundTrip(ts, success).length).toBeLessThan(100);
    const latency = ts.map((_, i) => (800 + ((i * 7919) % 400)) / 1e6);
    expect(roundTrip(ts, latency).length / ts.length).toBeLessThan(3);
  });

  it('round-trips irregular times, negative values, large integers and full-precision floats exactly', () => {
    const ts = [T0, T0 + 1, T0 + 1003, T0 + 1003, T0 + 90_000, T0 + 90_017];
    roundTrip(ts, [-1.5, 0, 2 ** 40, -(2 ** 40), 1e-9, 42]);
    roundTrip(ts, [Math.PI, Math.E, -Math.SQRT2, 1 / 3, Number.MAX_VALUE, Number.MIN_VALUE]);
    roundTrip([T0], [0.1 + 0.2]);
  });

  it('round-trips random data', () => {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 50; trial++) {
      const n = 1 + Math.floor(random() * 300);
      let time = T0 + Math.floor(random() * 1e9);
      const ts: number[] = [];
      const values: number[] = [];
      for (let i = 0; i < n; i++) {
        time += Math.floor(random() * 20_000);
        ts.push(time);
        values.push(trial % 2 === 0 ? Math.round(random() * 1e6) / 1e3 : (random() - 0.5) * 1e12);
      }
      roundTrip(ts, values);
    }
  });

  it('refuses a chunk it does not understand', () => {
    expect(() => decodeChunk(Buffer.from([9, 0, 1]))).toThrow(/unknown chunk version 9/);
  });
});
