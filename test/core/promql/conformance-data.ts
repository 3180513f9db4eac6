import type { SeriesStore } from '../../../src/core/store/series-store';

/** Series for the conformance test: written once as OpenMetrics (for Prometheus) and once into our store. */
export interface GeneratedSeries {
  name: string;
  labels: Record<string, string>;
  ts: number[];
  values: number[];
}

/** mulberry32: a small seeded generator, so every run compares the same data. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round = (value: number, decimals: number): number => Number(value.toFixed(decimals));

export const DATA_SPAN_MS = 2 * 3_600_000;

export function generateSeries(start: number): GeneratedSeries[] {
  const rnd = random(42);
  const end = start + DATA_SPAN_MS;
  const out: GeneratedSeries[] = [];
  const regular = (name: string, labels: Record<string, string>, value: (ts: number, i: number) => number, stepMs = 15_000, until = end): void => {
    const series: GeneratedSeries = { name, labels, ts: [], values: [] };
    let i = 0;
    for (let ts = start; ts <= until; ts += stepMs, i++) {
      series.ts.push(ts);
      series.values.push(value(ts, i));
    }
    out.push(series);
  };

  for (const host of ['h1', 'h2', 'h3']) {
    for (const mode of ['user', 'system']) {
      let level = 20 + rnd() * 60;
      regular('cpu_usage_percent', { host, mode }, () => {
        level = Math.min(100, Math.max(0, level + (rnd() - 0.5) * 12));
        return round(level, 3);
      });
    }
  }

  // Counters at jittered intervals (10–20 s), one of them reset half-way.
  for (const job of ['api', 'web']) {
    for (const instance of ['i1', 'i2']) {
      for (const code of ['200', '500']) {
        const series: GeneratedSeries = { name: 'http_requests_total', labels: { job, instance, code }, ts: [], values: [] };
        let total = Math.floor(rnd() * 1000);
        const reset = job === 'api' && instance === 'i1' && code === '200';
        for (let ts = start + Math.floor(rnd() * 5000); ts <= end; ts += 10_000 + Math.floor(rnd() * 10_000)) {
          if (reset && ts > start + DATA_SPAN_MS / 2 && series.ts.length > 0 && (series.ts.at(-1) as number) <= start + DATA_SPAN_MS / 2)
            total = Math.floor(rnd() * 5);
          else total += Math.floor(rnd() * (code === '200' ? 40 : 4));
          series.ts.push(ts);
          series.values.push(total);
        }
        out.push(series);
      }
    }
  }

  for (const [service, probe] of [
    ['api', 'http'],
    ['db', 'tcp'],
    ['web', 'http'],
    ['cache', 'tcp'],
  ] as const) {
    let up = 1;
    regular('probe_success', { service, probe }, () => {
      if (rnd() < (up === 1 ? 0.03 : 0.2)) up = 1 - up;
      return up;
    });
  }

  for (const [mount, size] of [
    ['/', 5e11],
    ['/home', 2e12],
  ] as const) {
    regular('disk_free_bytes', { mount }, (ts) => Math.round(size * 0.3 - ((ts - start) / 1000) * (mount === '/' ? 2.5e6 : 1e5) + (rnd() - 0.5) * 5e7), 30_000);
  }

  for (const room of ['a', 'b']) {
    let level = room === 'a' ? -10 : 25;
    regular(
      'temperature_celsius',
      { room },
      () => {
        level += (rnd() - 0.5) * 3;
        return round(level, 2);
      },
      20_000,
    );
  }

  for (const job of ['api', 'web']) {
    for (const instance of ['i1', 'i2']) {
      regular('up', { job, instance }, (ts) => (job === 'web' && instance === 'i2' && ts > start + 50 * 60_000 && ts < start + 80 * 60_000 ? 0 : 1));
    }
  }

  regular('node_load1', {}, () => round(rnd() * 4, 2), 10_000);
  // Series that stop early: seen through the 5-minute lookback for a while, then absent.
  regular('queue_depth', { queue: 'q1' }, () => Math.floor(rnd() * 50), 15_000, end - 8 * 60_000);
  regular('heartbeat', { job: 'cron' }, (ts) => ts / 1000, 60_000, end - 3 * 60_000);
  return out;
}

/** OpenMetrics text: each family's lines together, every series' samples in time order. */
export function toOpenMetrics(series: readonly GeneratedSeries[]): string {
  const families = new Map<string, GeneratedSeries[]>();
  for (const one of series) families.set(one.name, [...(families.get(one.name) ?? []), one]);
  const lines: string[] = [];
  for (const [name, members] of families) {
    lines.push(`# TYPE ${name} unknown`);
    for (const member of members) {
      const labels = Object.entries(member.labels)
        .map(([key, value]) => `${key}="${value}"`)
        .join(',');
      member.ts.forEach((ts, i) => lines.push(`${name}${labels === '' ? '' : `{${labels}}`} ${member.values[i] as number} ${(ts / 1000).toFixed(3)}`));
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

/**
 * Writes the samples in time order, a flush per 15 s of data and upkeep every minute, with the
 * store's clock following the data: older samples end up compacted into chunks and closed
 * hours, the newest in the head, as in a running engine.
 */
export async function writeToStore(store: SeriesStore, clock: { now: number }, series: readonly GeneratedSeries[]): Promise<void> {
  const samples: [number, number, number][] = [];
  for (const one of series) {
    const id = store.index.idOf(one.name, one.labels);
    one.ts.forEach((ts, i) => samples.push([ts, id, one.values[i] as number]));
  }
  samples.sort((a, b) => a[0] - b[0]);
  let flushedUntil = samples[0]?.[0] ?? 0;
  let maintainedUntil = flushedUntil;
  for (const [ts, id, value] of samples) {
    if (ts - flushedUntil >= 15_000) {
      clock.now = ts;
      store.writer.flush();
      flushedUntil = ts;
      if (ts - maintainedUntil >= 60_000) {
        await store.maintain(ts);
        maintainedUntil = ts;
      }
    }
    store.writer.append(id, ts, value);
  }
  store.writer.flush();
}
