import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { OutputTail } from '../../../src/core/plugins/output-tail';

function capture(): { logger: pino.Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>), done()) });
  return { logger: pino({ level: 'info' }, stream), lines };
}

describe('OutputTail', () => {
  it('a plugin flooding its output logs at most 20 lines a second, then how many it dropped, naming the plugin', async () => {
    const { logger, lines } = capture();
    let now = 1_000_000;
    const tail = new OutputTail('chatty', logger, () => now);
    tail.add('stdout', Buffer.from(`${Array.from({ length: 10_000 }, (_, index) => `line ${index}`).join('\n')}\n`));
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toHaveLength(20);
    expect(lines.every((line) => line.plugin === 'chatty')).toBe(true);
    // The next second's first chunk reports what the last one dropped.
    now += 1_000;
    tail.add('stderr', Buffer.from('after\n'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines[20]).toMatchObject({ plugin: 'chatty', dropped: 9_980 });
    expect(tail.lastLine()).toBe('after');
  });

  it('keeps only the last 8 KiB to explain a crash', () => {
    const tail = new OutputTail('big', pino({ level: 'silent' }));
    tail.add('stderr', Buffer.from(`${'x'.repeat(100_000)}\nthe real reason\n`));
    expect(tail.lastLine()).toBe('the real reason');
    expect(tail.mentions('x'.repeat(9_000))).toBe(false);
  });
});
