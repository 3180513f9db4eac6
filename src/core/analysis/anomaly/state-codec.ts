/** Whole numbers up to this size are written as varints by `number` (2 + 2 × this stays a safe integer). */
const MAX_TAGGED_INTEGER = 2 ** 50;
/** `number`'s tags, written as a varint: NaN, a float64 follows; from 2 on, a whole number (zigzag + 2). */
const TAG_NAN = 0;
const TAG_FLOAT64 = 1;
const TAG_FIRST_INTEGER = 2;
/** `packedUint8Array`'s layouts. */
const BYTES_AS_IS = 0;
const BYTES_AS_RUNS = 1;

/**
 * The detector's state as bytes: little-endian fields written and read in the same order by each
 * part (no field names), so a series' state stays a few KB and restores exactly. Besides fixed
 * widths, exact re-encodings of what the parts mostly hold (version 6 of the detector's state):
 * counts as varints, numbers that are mostly NaN or whole (times, counts kept as doubles) tagged,
 * arrays that are mostly 0 (histogram bins nothing reached) as runs of zeros and the values
 * between, and bytes that mostly repeat as runs.
 */
export class StateWriter {
  /** A detector's state is 3-5 KB: one buffer, never grown, for most. */
  private bytes = new Uint8Array(8192);
  private view = new DataView(this.bytes.buffer);
  private offset = 0;

  uint8(value: number): void {
    this.ensure(1);
    this.view.setUint8(this.offset, value);
    this.offset += 1;
  }

  uint32(value: number): void {
    this.ensure(4);
    this.view.setUint32(this.offset, value, true);
    this.offset += 4;
  }

  float32(value: number): void {
    this.ensure(4);
    this.view.setFloat32(this.offset, value, true);
    this.offset += 4;
  }

  float64(value: number): void {
    this.ensure(8);
    this.view.setFloat64(this.offset, value, true);
    this.offset += 8;
  }

  float32Array(values: Float32Array): void {
    for (const value of values) this.float32(value);
  }

  uint8Array(values: Uint8Array): void {
    this.ensure(values.length);
    this.bytes.set(values, this.offset);
    this.offset += values.length;
  }

  /** An unsigned whole number in 1 byte per 7 bits (LEB128): a count below 128 takes one byte. */
  varint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`anomaly state: ${value} is not an unsigned whole number`);
    let rest = value;
    while (rest >= 0x80) {
      this.uint8((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.uint8(rest);
  }

  /** Any number, exactly: NaN in 1 byte, a whole number (a time in ms, a count) as a varint, else a tag and its float64. */
  number(value: number): void {
    if (Number.isNaN(value)) this.varint(TAG_NAN);
    else if (Number.isInteger(value) && Math.abs(value) <= MAX_TAGGED_INTEGER && !Object.is(value, -0))
      this.varint(TAG_FIRST_INTEGER + (value >= 0 ? 2 * value : -2 * value - 1));
    else {
      this.varint(TAG_FLOAT64);
      this.float64(value);
    }
  }

  /**
   * A float32 array that is mostly 0 (histogram bins nothing reached): runs of zeros as their length,
   * the values between as their length and bits, so a bin's bits come back as they were (-0 included).
   */
  sparseFloat32Array(values: Float32Array): void {
    const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
    const n = bits.length;
    let i = 0;
    while (i < n) {
      const zerosEnd = runEnd(bits, i, true);
      this.varint(zerosEnd - i);
      i = zerosEnd;
      if (i === n) break;
      const valuesEnd = runEnd(bits, i, false);
      this.varint(valuesEnd - i);
      this.ensure(4 * (valuesEnd - i));
      for (; i < valuesEnd; i++) {
        this.view.setUint32(this.offset, bits[i] as number, true);
        this.offset += 4;
      }
    }
  }

  /** Bytes that mostly repeat (visit counts stuck at 255): as runs of one value when that is shorter. */
  packedUint8Array(values: Uint8Array): void {
    let packedLength = 0;
    for (let i = 0; i < values.length;) {
      const end = sameEnd(values, i);
      packedLength += varintLength(end - i) + 1;
      i = end;
    }
    if (packedLength >= values.length) {
      this.uint8(BYTES_AS_IS);
      this.uint8Array(values);
      return;
    }
    this.uint8(BYTES_AS_RUNS);
    for (let i = 0; i < values.length;) {
      const end = sameEnd(values, i);
      this.varint(end - i);
      this.uint8(values[i] as number);
      i = end;
    }
  }

  result(): Uint8Array {
    return this.bytes.slice(0, this.offset);
  }

  private ensure(count: number): void {
    if (this.offset + count <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.offset + count));
    grown.set(this.bytes.subarray(0, this.offset));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }
}

export class StateReader {
  private readonly view: DataView;
  private offset = 0;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  uint8(): number {
    this.need(1);
    const value = this.view.getUint8(this.offset);
    this.offset += 1;
    return value;
  }

  uint32(): number {
    this.need(4);
    const value = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return value;
  }

  float32(): number {
    this.need(4);
    const value = this.view.getFloat32(this.offset, true);
    this.offset += 4;
    return value;
  }

  float64(): number {
    this.need(8);
    const value = this.view.getFloat64(this.offset, true);
    this.offset += 8;
    return value;
  }

  float32Array(into: Float32Array): void {
    for (let i = 0; i < into.length; i++) into[i] = this.float32();
  }

  uint8Array(into: Uint8Array): void {
    this.need(into.length);
    into.set(this.bytes.subarray(this.offset, this.offset + into.length));
    this.offset += into.length;
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    // 8 bytes carry 56 bits: more than any safe integer needs.
    for (let i = 0; i < 8; i++) {
      const byte = this.uint8();
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) {
        if (!Number.isSafeInteger(value)) break;
        return value;
      }
      scale *= 0x80;
    }
    throw new Error('anomaly state: a bad varint');
  }

  number(): number {
    const tag = this.varint();
    if (tag === TAG_NAN) return Number.NaN;
    if (tag === TAG_FLOAT64) return this.float64();
    const zigzag = tag - TAG_FIRST_INTEGER;
    return zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
  }

  sparseFloat32Array(into: Float32Array): void {
    const bits = new Uint32Array(into.buffer, into.byteOffset, into.length);
    const n = bits.length;
    let i = 0;
    while (i < n) {
      const zeros = this.varint();
      if (zeros > n - i) throw new Error('anomaly state: a bad run of zeros');
      bits.fill(0, i, i + zeros);
      i += zeros;
      if (i === n) break;
      const count = this.varint();
      if (count === 0 || count > n - i) throw new Error('anomaly state: a bad run of values');
      this.need(4 * count);
      for (const end = i + count; i < end; i++) {
        bits[i] = this.view.getUint32(this.offset, true);
        this.offset += 4;
      }
    }
  }

  packedUint8Array(into: Uint8Array): void {
    const layout = this.uint8();
    if (layout === BYTES_AS_IS) {
      this.uint8Array(into);
      return;
    }
    if (layout !== BYTES_AS_RUNS) throw new Error(`anomaly state: bytes in an unknown layout ${layout}`);
    for (let i = 0; i < into.length;) {
      const length = this.varint();
      if (length === 0 || length > into.length - i) throw new Error('anomaly state: a bad run of bytes');
      into.fill(this.uint8(), i, i + length);
      i += length;
    }
  }

  /** Throws unless every byte was read: a state of another layout must not half-restore. */
  end(): void {
    if (this.offset !== this.bytes.length) throw new Error(`anomaly state has ${this.bytes.length - this.offset} unread bytes (another version?)`);
  }

  private need(count: number): void {
    if (this.offset + count > this.bytes.length) throw new Error('anomaly state is truncated');
  }
}

/** Where the run of bytes equal to the one at `from` ends. */
function sameEnd(values: Uint8Array, from: number): number {
  let end = from + 1;
  while (end < values.length && values[end] === values[from]) end++;
  return end;
}

/** Bytes `varint` writes for `value`. */
export function varintLength(value: number): number {
  let length = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 0x80)) length++;
  return length;
}

/** Where the run of zeros (`zeros`) or of non-zeros starting at `from` ends. */
function runEnd(bits: Uint32Array, from: number, zeros: boolean): number {
  let end = from;
  while (end < bits.length && (bits[end] === 0) === zeros) end++;
  return end;
}
