/**
 * The newest raw samples of every series, in memory, in arrival order, each with the rowid
 * of its row in head_samples. Reads of recent data never touch SQLite; compaction takes a
 * prefix (rowid <= R) of every series at once.
 */
interface SeriesHead {
  rowids: number[];
  ts: number[];
  values: number[];
}

export interface SampleRun {
  ts: number[];
  values: number[];
}

export class Head {
  private readonly bySeries = new Map<number, SeriesHead>();
  private count = 0;

  add(rowid: number, seriesId: number, ts: number, value: number): void {
    let head = this.bySeries.get(seriesId);
    if (head === undefined) {
      head = { rowids: [], ts: [], values: [] };
      this.bySeries.set(seriesId, head);
    }
    head.rowids.push(rowid);
    head.ts.push(ts);
    head.values.push(value);
    this.count++;
  }

  /** Per series and sorted by time, every sample whose row is <= maxRowid (copies). */
  peekUpTo(maxRowid: number): Map<number, SampleRun> {
    const runs = new Map<number, SampleRun>();
    for (const [seriesId, head] of this.bySeries) {
      const n = prefixLength(head.rowids, maxRowid);
      if (n > 0) runs.set(seriesId, sortedRun(head.ts.slice(0, n), head.values.slice(0, n)));
    }
    return runs;
  }

  /** Forgets every sample whose row is <= maxRowid (after compaction has stored them). */
  dropUpTo(maxRowid: number): void {
    for (const [seriesId, head] of this.bySeries) {
      const n = prefixLength(head.rowids, maxRowid);
      if (n === 0) continue;
      head.rowids.splice(0, n);
      head.ts.splice(0, n);
      head.values.splice(0, n);
      this.count -= n;
      if (head.rowids.length === 0) this.bySeries.delete(seriesId);
    }
  }

  /** Samples of one series within [start, end], sorted by time. */
  read(seriesId: number, start: number, end: number): SampleRun {
    const head = this.bySeries.get(seriesId);
    if (head === undefined) return { ts: [], values: [] };
    const ts: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < head.ts.length; i++) {
      const time = head.ts[i] as number;
      if (time >= start && time <= end) {
        ts.push(time);
        values.push(head.values[i] as number);
      }
    }
    return sortedRun(ts, values);
  }

  /**
   * Samples of one series stored after the row `afterRowid` (in write order, whatever their time),
   * and the newest row seen: lets a reader that polls take only what is new since its last look.
   */
  readSince(seriesId: number, afterRowid: number): SampleRun & { lastRowid: number } {
    const head = this.bySeries.get(seriesId);
    if (head === undefined) return { ts: [], values: [], lastRowid: afterRowid };
    let lo = 0;
    let hi = head.rowids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((head.rowids[mid] as number) <= afterRowid) lo = mid + 1;
      else hi = mid;
    }
    if (lo === head.rowids.length) return { ts: [], values: [], lastRowid: afterRowid };
    return { ts: head.ts.slice(lo), values: head.values.slice(lo), lastRowid: head.rowids.at(-1) as number };
  }

  get size(): number {
    return this.count;
  }
}

function prefixLength(rowids: number[], maxRowid: number): number {
  let n = 0;
  while (n < rowids.length && (rowids[n] as number) <= maxRowid) n++;
  return n;
}

/** Arrival order is time order except for late samples; sort only when needed. */
export function sortedRun(ts: number[], values: number[]): SampleRun {
  let sorted = true;
  for (let i = 1; i < ts.length && sorted; i++) if ((ts[i] as number) < (ts[i - 1] as number)) sorted = false;
  if (sorted) return { ts, values };
  const order = ts.map((_, i) => i).sort((a, b) => (ts[a] as number) - (ts[b] as number));
  return { ts: order.map((i) => ts[i] as number), values: order.map((i) => values[i] as number) };
}
