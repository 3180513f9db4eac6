import { describe, expect, it } from 'vitest';
import {
  encodeLabels,
  encodeWriteRequest,
  encodeWriteRequestScratch,
  varintSize,
  wireLabels,
  writeVarint,
} from '../../../src/core/fleet/remote-write/write-request';

/** A varint as protobuf defines it, written with BigInt: the reference the fast encoder must match. */
function referenceVarint(value: number): number[] {
  const bytes: number[] = [];
  let rest = BigInt(value);
  while (rest >= 128n) {
    bytes.push(Number(rest & 127n) | 0x80);
    rest >>= 7n;
  }
  bytes.push(Number(rest));
  return bytes;
}

describe('WriteRequest encoding', () => {
  it('writes varints as protobuf does at every size boundary up to 2^53, millisecond timestamps included', () => {
    const values = [0, 1, 127, 128, 300, 16_383, 16_384, 2 ** 21 - 1, 2 ** 21, 2 ** 28 - 1, 2 ** 28, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 35 - 1, 2 ** 35];
    values.push(2 ** 42 - 1, 2 ** 42, 2 ** 49 - 1, 2 ** 49, Number.MAX_SAFE_INTEGER, 1_700_000_000_000, 1_764_892_800_123);
    for (const value of values) {
      const buffer = Buffer.alloc(10);
      const end = writeVarint(buffer, 0, value);
      expect([...buffer.subarray(0, end)], String(value)).toEqual(referenceVarint(value));
      expect(varintSize(value), String(value)).toBe(end);
    }
  });

  it('encodes series with their labels and samples as the schema says', () => {
    const labels = encodeLabels(wireLabels('up', { job: 'api', instance: 'a:1' }));
    const body = encodeWriteRequest([{ labels, points: [1_700_000_000_000, 1, 1_700_000_001_000, 0.5] }]);
    // TimeSeries (field 1), then its labels as given, then two samples (field 2): value (field 1, double), timestamp (field 2, varint).
    expect(body[0]).toBe(0x0a);
    const sample = Buffer.concat([Buffer.from([0x12, 1 + 8 + 1 + 6, 0x09]), Buffer.alloc(8), Buffer.from([0x10, ...referenceVarint(1_700_000_000_000)])]);
    sample.writeDoubleLE(1, 3);
    const start = 1 + referenceVarint(body.length - 2).length;
    expect(body.subarray(start, start + labels.length).equals(labels)).toBe(true);
    expect(body.subarray(start + labels.length, start + labels.length + sample.length).equals(sample)).toBe(true);
    expect(body.length).toBe(start + labels.length + 2 * sample.length);
  });

  it('encodes into the reused buffer byte for byte as into a fresh one, as requests grow and shrink', () => {
    const labels = encodeLabels(wireLabels('up', { job: 'api' }));
    for (const count of [3, 200, 1, 50]) {
      const series = Array.from({ length: count }, (_, i) => ({ labels, points: [1_700_000_000_000 + i, i / 3] }));
      expect(Buffer.from(encodeWriteRequestScratch(series)).equals(encodeWriteRequest(series))).toBe(true);
    }
  });
});
