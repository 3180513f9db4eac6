/**
 * Prometheus remote_write 1.0's WriteRequest, hand-encoded. The schema is fixed and tiny
 * (WriteRequest → TimeSeries → Label, Sample), and writing it straight into one Buffer costs a
 * fraction of building message objects for a general protobuf library: the fleet bench prints
 * the rate beside the send rate. Receivers (Prometheus 2.42, VictoriaMetrics) read it back in
 * test/core/fleet/remote-write-receivers.test.ts.
 *
 *   message WriteRequest { repeated TimeSeries timeseries = 1; }
 *   message TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; }
 *   message Label        { string name = 1; string value = 2; }
 *   message Sample       { double value = 1; int64 timestamp = 2; }   // ms since the epoch
 *
 * Concatenated WriteRequests are one WriteRequest (a repeated field appends), which is how the
 * queue joins stored fragments into one send without decoding them.
 */

const TAG_TIMESERIES = 0x0a; // field 1, length-delimited
const TAG_LABEL = 0x0a;
const TAG_SAMPLE = 0x12; // field 2, length-delimited
const TAG_NAME = 0x0a;
const TAG_VALUE = 0x12;
const TAG_SAMPLE_VALUE = 0x09; // field 1, 64-bit
const TAG_SAMPLE_TIMESTAMP = 0x10; // field 2, varint

/** A series' labels as the wire wants them: `__name__` among the others, sorted by name, no empty values. */
export function wireLabels(name: string, labels: Readonly<Record<string, string>>): [string, string][] {
  const pairs: [string, string][] = [['__name__', name]];
  for (const key of Object.keys(labels)) {
    const value = labels[key];
    if (value !== undefined && value !== '' && key !== '__name__') pairs.push([key, value]);
  }
  // Byte order, as Prometheus' labels.Labels sorts (not locale order).
  return pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** The encoded `Label` fields of one series (tag, length, Label), computed once per series. */
export function encodeLabels(pairs: readonly [string, string][]): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of pairs) {
    const nameBytes = Buffer.from(name, 'utf8');
    const valueBytes = Buffer.from(value, 'utf8');
    const inner = 1 + varintSize(nameBytes.length) + nameBytes.length + 1 + varintSize(valueBytes.length) + valueBytes.length;
    const label = Buffer.allocUnsafe(1 + varintSize(inner) + inner);
    let at = 0;
    label[at++] = TAG_LABEL;
    at = writeVarint(label, at, inner);
    label[at++] = TAG_NAME;
    at = writeVarint(label, at, nameBytes.length);
    at += nameBytes.copy(label, at);
    label[at++] = TAG_VALUE;
    at = writeVarint(label, at, valueBytes.length);
    valueBytes.copy(label, at);
    parts.push(label);
  }
  return Buffer.concat(parts);
}

/** Samples of one series in time order: flat (timestamp ms, value) pairs. */
export interface SeriesSamples {
  labels: Buffer;
  /** [ts0, v0, ts1, v1, …] */
  points: number[];
}

/** One WriteRequest (uncompressed) holding these series. */
export function encodeWriteRequest(series: readonly SeriesSamples[]): Buffer {
  return encodeInto(series, (size) => Buffer.allocUnsafe(size));
}

/** Reused by encodeWriteRequestScratch: grows to the largest request, never shrinks. */
let scratch = Buffer.allocUnsafe(0);

/**
 * encodeWriteRequest into one buffer reused call after call: the answer is valid only until the
 * next call (compress it at once). A fresh buffer per tick is external memory the collector
 * counts, and 180 KB a tick of it made full collections of the whole heap (the store's head
 * included) come often.
 */
export function encodeWriteRequestScratch(series: readonly SeriesSamples[]): Buffer {
  return encodeInto(series, (size) => {
    if (scratch.length < size) scratch = Buffer.allocUnsafe(Math.max(size, scratch.length * 2));
    return scratch.subarray(0, size);
  });
}

function encodeInto(series: readonly SeriesSamples[], buffer: (size: number) => Buffer): Buffer {
  let total = 0;
  const sizes = new Array<number>(series.length);
  for (let i = 0; i < series.length; i++) {
    const entry = series[i] as SeriesSamples;
    let inner = entry.labels.length;
    const points = entry.points;
    for (let p = 0; p < points.length; p += 2) {
      const sample = sampleSize(points[p] as number);
      inner += 1 + varintSize(sample) + sample;
    }
    sizes[i] = inner;
    total += 1 + varintSize(inner) + inner;
  }
  const out = buffer(total);
  let at = 0;
  for (let i = 0; i < series.length; i++) {
    const entry = series[i] as SeriesSamples;
    out[at++] = TAG_TIMESERIES;
    at = writeVarint(out, at, sizes[i] as number);
    at += entry.labels.copy(out, at);
    const points = entry.points;
    for (let p = 0; p < points.length; p += 2) {
      const ts = points[p] as number;
      out[at++] = TAG_SAMPLE;
      at = writeVarint(out, at, sampleSize(ts));
      out[at++] = TAG_SAMPLE_VALUE;
      out.writeDoubleLE(points[p + 1] as number, at);
      at += 8;
      out[at++] = TAG_SAMPLE_TIMESTAMP;
      at = writeVarint(out, at, ts);
    }
  }
  return out;
}

function sampleSize(ts: number): number {
  return 1 + 8 + 1 + varintSize(ts);
}

/** Bytes of a non-negative integer (up to 2^53) as a protobuf varint: comparisons, not a loop of divisions (a millisecond timestamp takes 6). */
export function varintSize(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  if (value < 0x10000000) return 4;
  if (value < 0x800000000) return 5;
  if (value < 0x40000000000) return 6;
  if (value < 0x2000000000000) return 7;
  return 8;
}

/** Writes a non-negative integer (up to 2^53) as a varint; returns the offset after it. */
export function writeVarint(buffer: Buffer, at: number, value: number): number {
  // Above 31 bits, 7 bits at a time in floating point; the rest with integer operations.
  while (value > 0x7fffffff) {
    buffer[at++] = (value % 128) | 0x80;
    value = Math.floor(value / 128);
  }
  while (value >= 128) {
    buffer[at++] = (value & 0x7f) | 0x80;
    value >>>= 7;
  }
  buffer[at++] = value;
  return at;
}
