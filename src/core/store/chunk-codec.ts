import zlib from 'node:zlib';

/**
 * Timestamps with one or more value columns, packed: timestamps as delta-of-deltas, each
 * column as deltas of decimal integers when its values are exact decimals (latencies in µs,
 * percentages, byte counts), else raw float64. Runs of zero deltas (regular intervals,
 * constant values) take two bytes whatever their length. Larger bodies are then deflated when
 * that is smaller. Raw chunks have one column; rollup blocks have four.
 */
const VERSION = 2;
const FLAG_DEFLATED = 1;
const MAX_SCALE = 9;
const MAX_EXACT = 2 ** 52;
/**
 * Below this, zlib's fixed cost per call (~12 µs) outweighs what it saves: on noisy rollup
 * blocks (~300 B) deflate saves about a fifth. Merged raw chunks are larger and deflated.
 */
const MIN_DEFLATE_BYTES = 512;
/** A 4 KiB window: chunks are small, and zlib's setup for the default 32 KiB costs twice as much. */
const DEFLATE_OPTIONS: zlib.ZlibOptions = { level: 6, windowBits: 12, memLevel: 4 };

export interface EncodeOptions {
  /**
   * Relative error accepted to store a column as decimals (rollup sums carry binary rounding
   * noise: 0.1 + 0.2). Raw samples use 0 and are stored exactly.
   */
  relativeTolerance?: number;
}

export interface DecodedChunk {
  ts: number[];
  values: number[];
}

export function encodeChunk(ts: readonly number[], values: readonly number[]): Buffer {
  return encodeColumns(ts, [values]);
}

export function decodeChunk(data: Buffer): DecodedChunk {
  const { ts, columns } = decodeColumns(data);
  return { ts, values: columns[0] ?? [] };
}

export function encodeColumns(ts: readonly number[], columns: readonly (readonly number[])[], options: EncodeOptions = {}): Buffer {
  const writer = new ByteWriter(16 + ts.length * 4 * columns.length);
  writer.varint(ts.length);
  writer.varint(columns.length);
  let previous = 0;
  let previousDelta = 0;
  const dods = new ZeroRuns(writer);
  ts.forEach((time, i) => {
    if (i === 0) writer.zigzag(time);
    else {
      const delta = time - previous;
      dods.write(i === 1 ? delta : delta - previousDelta);
      previousDelta = delta;
    }
    previous = time;
  });
  dods.end();
  for (const values of columns) writeColumn(writer, values, options.relativeTolerance ?? 0);
  const body = writer.result();
  const deflated = body.length < MIN_DEFLATE_BYTES ? null : zlib.deflateRawSync(body, DEFLATE_OPTIONS);
  const useDeflated = deflated !== null && deflated.length < body.length;
  return Buffer.concat([Buffer.from([VERSION, useDeflated ? FLAG_DEFLATED : 0]), useDeflated ? deflated : body]);
}

export function decodeColumns(data: Buffer): { ts: number[]; columns: number[][] } {
  if (data[0] !== VERSION) throw new Error(`unknown chunk version ${data[0]}`);
  const body = (data[1] ?? 0) & FLAG_DEFLATED ? zlib.inflateRawSync(data.subarray(2)) : data.subarray(2);
  const reader = new ByteReader(body);
  const count = reader.varint();
  const columnCount = reader.varint();
  const ts = new Array<number>(count);
  let previous = 0;
  let delta = 0;
  const dods = new ZeroRunReader(reader);
  for (let i = 0; i < count; i++) {
    if (i === 0) previous = reader.zigzag();
    else {
      const read = dods.read();
      delta = i === 1 ? read : delta + read;
      previous += delta;
    }
    ts[i] = previous;
  }
  const columns: number[][] = [];
  for (let c = 0; c < columnCount; c++) columns.push(readColumn(reader, count));
  return { ts, columns };
}

/** A scale byte (0-9 decimals, or 255 for float64) then the values. */
const FLOAT_COLUMN = 255;

function writeColumn(writer: ByteWriter, values: readonly number[], tolerance: number): void {
  const scale = decimalScale(values, tolerance);
  if (scale === null) {
    writer.byte(FLOAT_COLUMN);
    for (const value of values) writer.float64(value);
    return;
  }
  writer.byte(scale);
  const factor = 10 ** scale;
  let previousInt = 0;
  const deltas = new ZeroRuns(writer);
  for (const value of values) {
    const int = Math.round(value * factor);
    deltas.write(int - previousInt);
    previousInt = int;
  }
  deltas.end();
}

function readColumn(reader: ByteReader, count: number): number[] {
  const values = new Array<number>(count);
  const scale = reader.byte();
  if (scale === FLOAT_COLUMN) {
    for (let i = 0; i < count; i++) values[i] = reader.float64();
    return values;
  }
  const factor = 10 ** scale;
  let int = 0;
  const deltas = new ZeroRunReader(reader);
  for (let i = 0; i < count; i++) {
    int += deltas.read();
    values[i] = int / factor;
  }
  return values;
}

/** Zigzag varints where a zero is followed by how many more zeros come: a run costs two bytes. */
class ZeroRuns {
  private zeros = 0;

  constructor(private readonly writer: ByteWriter) {}

  write(value: number): void {
    if (value === 0) {
      this.zeros++;
      return;
    }
    this.flush();
    this.writer.zigzag(value);
  }

  end(): void {
    this.flush();
  }

  private flush(): void {
    if (this.zeros === 0) return;
    this.writer.zigzag(0);
    this.writer.varint(this.zeros - 1);
    this.zeros = 0;
  }
}

class ZeroRunReader {
  private zerosLeft = 0;

  constructor(private readonly reader: ByteReader) {}

  read(): number {
    if (this.zerosLeft > 0) {
      this.zerosLeft--;
      return 0;
    }
    const value = this.reader.zigzag();
    if (value === 0) this.zerosLeft = this.reader.varint();
    return value;
  }
}

/** The smallest number of decimals that reproduces every value (within the tolerance), or null. */
function decimalScale(values: readonly number[], tolerance: number): number | null {
  // Most columns hold values of one precision: start from what the first value needs.
  let scale = values.length === 0 ? 0 : scaleOf(values[0] as number, tolerance);
  for (; scale <= MAX_SCALE; scale++) if (fitsScale(values, scale, tolerance)) return scale;
  return null;
}

function scaleOf(value: number, tolerance: number): number {
  for (let scale = 0; scale <= MAX_SCALE; scale++) if (fitsScale([value], scale, tolerance)) return scale;
  return MAX_SCALE + 1;
}

function fitsScale(values: readonly number[], scale: number, tolerance: number): boolean {
  const factor = 10 ** scale;
  for (const value of values) {
    const int = Math.round(value * factor);
    const back = int / factor;
    if (Math.abs(int) > MAX_EXACT || (back !== value && Math.abs(back - value) > Math.abs(value) * tolerance)) return false;
  }
  return true;
}

/** Varints over plain Numbers (exact to 2^53): timestamps in ms do not fit 32-bit bitwise ops. */
class ByteWriter {
  private buffer: Buffer;
  private offset = 0;

  constructor(initial: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(64, initial));
  }

  byte(value: number): void {
    this.ensure(1);
    this.buffer[this.offset++] = value;
  }

  varint(value: number): void {
    this.ensure(10);
    if (value < 0x80000000) {
      // Small values (nearly all deltas): 32-bit shifts instead of float division.
      let small = value >>> 0;
      while (small >= 0x80) {
        this.buffer[this.offset++] = (small & 0x7f) | 0x80;
        small >>>= 7;
      }
      this.buffer[this.offset++] = small;
      return;
    }
    let rest = value;
    while (rest >= 0x80) {
      this.buffer[this.offset++] = (rest % 0x80) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    this.buffer[this.offset++] = rest;
  }

  zigzag(value: number): void {
    this.varint(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  float64(value: number): void {
    this.ensure(8);
    this.buffer.writeDoubleLE(value, this.offset);
    this.offset += 8;
  }

  result(): Buffer {
    return this.buffer.subarray(0, this.offset);
  }

  private ensure(bytes: number): void {
    if (this.offset + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.offset + bytes));
    this.buffer.copy(grown, 0, 0, this.offset);
    this.buffer = grown;
  }
}

class ByteReader {
  private offset = 0;

  constructor(private readonly buffer: Buffer) {}

  byte(): number {
    return this.buffer[this.offset++] as number;
  }

  varint(): number {
    let value = 0;
    let multiplier = 1;
    for (;;) {
      const byte = this.buffer[this.offset++];
      if (byte === undefined) throw new Error('chunk ends inside a number');
      value += (byte & 0x7f) * multiplier;
      if (byte < 0x80) return value;
      multiplier *= 0x80;
    }
  }

  zigzag(): number {
    const raw = this.varint();
    return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
  }

  float64(): number {
    const value = this.buffer.readDoubleLE(this.offset);
    this.offset += 8;
    return value;
  }
}
