import type http from 'node:http';
import snappy from 'snappy';
import { afterEach } from 'vitest';
import { RestartableServer } from './restartable-server';

export interface DecodedSeries {
  labels: [string, string][];
  samples: [number, number][];
}

/** Reads a WriteRequest (the test's own decoder, independent of the encoder under test). */
export function decodeWriteRequest(buffer: Buffer): DecodedSeries[] {
  const series: DecodedSeries[] = [];
  for (const [field, , bytes] of fields(buffer)) {
    if (field !== 1 || bytes === null) continue;
    const entry: DecodedSeries = { labels: [], samples: [] };
    for (const [inner, , innerBytes] of fields(bytes)) {
      if (innerBytes === null) continue;
      if (inner === 1) {
        const pair: [string, string] = ['', ''];
        for (const [labelField, , text] of fields(innerBytes)) if (text !== null) pair[labelField - 1] = text.toString('utf8');
        entry.labels.push(pair);
      } else if (inner === 2) {
        let value = NaN;
        let ts = 0;
        for (const [sampleField, number, raw] of fields(innerBytes)) {
          if (sampleField === 1 && raw !== null) value = raw.readDoubleLE(0);
          if (sampleField === 2) ts = number;
        }
        entry.samples.push([ts, value]);
      }
    }
    series.push(entry);
  }
  return series;
}

/** (field, varint value, bytes) of each field; 64-bit fields come as 8 bytes. */
function* fields(buffer: Buffer): Generator<[number, number, Buffer | null]> {
  let at = 0;
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = buffer[at++] as number;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
  };
  while (at < buffer.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const type = key & 7;
    if (type === 0) yield [field, varint(), null];
    else if (type === 1) {
      yield [field, 0, buffer.subarray(at, at + 8)];
      at += 8;
    } else if (type === 2) {
      const length = varint();
      yield [field, 0, buffer.subarray(at, at + length)];
      at += length;
    } else throw new Error(`unexpected wire type ${type}`);
  }
}

/**
 * A remote-write receiver on 127.0.0.1 whose answers the test sets (200, 400, 500, 429) and
 * which can go down and come back on its port; keeps every sample it accepted.
 */
export class WriteReceiver {
  readonly accepted: DecodedSeries[] = [];
  readonly requests: { status: number; headers: http.IncomingHttpHeaders; samples: number }[] = [];
  /** The answer to the next requests; a function decides per request. */
  answer: number | (() => number) = 200;
  private readonly server = new RestartableServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const status = typeof this.answer === 'function' ? this.answer() : this.answer;
      const decoded = decodeWriteRequest(snappy.uncompressSync(Buffer.concat(chunks)) as Buffer);
      this.requests.push({ status, headers: request.headers, samples: decoded.reduce((sum, series) => sum + series.samples.length, 0) });
      if (status < 300) this.accepted.push(...decoded);
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? '' : status === 400 ? 'out of bounds' : 'busy');
    });
  });

  static async start(): Promise<WriteReceiver> {
    const receiver = new WriteReceiver();
    await receiver.up();
    receivers.push(receiver);
    return receiver;
  }

  get url(): string {
    return `${this.server.origin}/api/v1/write`;
  }

  get samples(): number {
    return this.accepted.reduce((sum, series) => sum + series.samples.length, 0);
  }

  up(): Promise<void> {
    return this.server.up();
  }

  down(): Promise<void> {
    return this.server.down();
  }
}

const receivers: WriteReceiver[] = [];
afterEach(async () => {
  for (const receiver of receivers.splice(0)) await receiver.down();
});
