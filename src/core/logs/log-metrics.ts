import type { SeriesStore } from '../store/series-store';
import { levelName } from './parse/level';
import type { StoredBatch } from './log-pipeline';

interface Counter {
  name: string;
  labels: Record<string, string>;
  value: number;
  sampledValue: number;
  sampledAt: number;
  movedAt: number;
}

/** A counter is sampled when it moved, and at least this often while it moved within the hour. */
const HEARTBEAT_MS = 60_000;
const ACTIVE_MS = 3_600_000;

/**
 * Counters as series, the Prometheus way (monotonic totals, rules use rate/increase):
 *   log_lines_total{service,level}               lines stored
 *   log_pattern_lines_total{pattern,service}     lines per mined pattern (continues across restarts)
 *   log_new_error_patterns_total{service}        error patterns never seen before: alert on its increase
 * Sampled once per engine tick; a counter that did not move is written once a minute, and not at
 * all after an hour still (thousands of old patterns cost nothing).
 */
export class LogMetrics {
  private readonly counters = new Map<string, Counter>();

  constructor(private readonly series: SeriesStore) {}

  record(batch: StoredBatch): void {
    // Counted per batch first: a key per line would cost more than the line's own parsing.
    const perKey = new Map<string, { service: string; level: number; count: number }>();
    for (const entry of batch.entries) {
      const key = `${entry.service}\u0000${entry.level}`;
      const found = perKey.get(key);
      if (found === undefined) perKey.set(key, { service: entry.service, level: entry.level, count: 1 });
      else found.count += 1;
    }
    for (const { service, level, count } of perKey.values()) this.add('log_lines_total', { service, level: levelName(level) }, count);
    for (const { pattern, error } of batch.discovered) if (error) this.add('log_new_error_patterns_total', { service: pattern.service }, 1);
  }

  /** Pattern counters carry the pattern's total count, which the miner keeps (and stores). */
  setPattern(id: number, service: string, count: number): void {
    const counter = this.counter('log_pattern_lines_total', { pattern: String(id), service });
    counter.value = count;
  }

  sample(now: number): number {
    let written = 0;
    for (const counter of this.counters.values()) {
      const moved = counter.value !== counter.sampledValue;
      if (moved) counter.movedAt = now;
      if (!moved && (now - counter.sampledAt < HEARTBEAT_MS || now - counter.movedAt > ACTIVE_MS)) continue;
      this.series.writer.append(this.series.index.idOf(counter.name, counter.labels), now, counter.value);
      counter.sampledValue = counter.value;
      counter.sampledAt = now;
      written++;
    }
    return written;
  }

  value(name: string, labels: Record<string, string>): number {
    return this.counters.get(keyOf(name, labels))?.value ?? 0;
  }

  private add(name: string, labels: Record<string, string>, delta: number): void {
    this.counter(name, labels).value += delta;
  }

  private counter(name: string, labels: Record<string, string>): Counter {
    const key = keyOf(name, labels);
    let counter = this.counters.get(key);
    if (counter === undefined) {
      // Starts as sampled at zero long ago: its first movement is written at the next tick.
      counter = { name, labels, value: 0, sampledValue: -1, sampledAt: -Infinity, movedAt: -Infinity };
      this.counters.set(key, counter);
    }
    return counter;
  }
}

function keyOf(name: string, labels: Record<string, string>): string {
  return `${name}\u0000${Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${value}`)
    .join('\u0000')}`;
}
