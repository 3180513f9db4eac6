/**
 * The detector's state as bytes: fixed-width little-endian fields written and read in the same
 * order by each part (no field names), so a series' state stays a few KB and restores exactly.
 */
export class StateWriter {
  private bytes = new Uint8Array(1024);
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

  /** Throws unless every byte was read: a state of another layout must not half-restore. */
  end(): void {
    if (this.offset !== this.bytes.length) throw new Error(`anomaly state has ${this.bytes.length - this.offset} unread bytes (another version?)`);
  }

  private need(count: number): void {
    if (this.offset + count > this.bytes.length) throw new Error('anomaly state is truncated');
  }
}
