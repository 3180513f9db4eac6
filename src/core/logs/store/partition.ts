/** A run of consecutive rows and the span of their times. */
export interface Block {
  first: number;
  last: number;
  minTs: number;
  maxTs: number;
}

/** Rows per block: a time range costs one seek per block it touches, and the list stays small. */
export const BLOCK_ROWS = 4_096;

/**
 * One partition of the log store: a rows table and its FTS5 index (contentless, words only:
 * `detail=none` keeps the index at a fraction of the text; phrases are checked on the text).
 * A partition is written until it is big or old enough, then closed; retention drops whole
 * partitions, oldest first.
 */
export class Partition {
  blocks: Block[] = [];
  /** Rows of the newest block not yet written to log_blocks. */
  private openBlock: Block | null = null;
  /** Its rows have the (service, ts) index (partitions written before it existed get it built later). */
  indexed = true;

  constructor(
    readonly id: number,
    public firstRow: number,
    public lastRow: number,
    public rows: number,
    public textBytes: number,
    public diskBytes: number | null,
    public minTs: number | null,
    public maxTs: number | null,
    public firstReceived: number,
    public lastReceived: number,
    public closed: boolean,
  ) {}

  get rowsTable(): string {
    return `log_rows_${this.id}`;
  }

  get ftsTable(): string {
    return `log_fts_${this.id}`;
  }

  /** The index of each service's rows in time order (see write-plan.ts). */
  get timeIndex(): string {
    return `log_rows_${this.id}_by_time`;
  }

  /** Extends the open block with one batch; returns a block to persist when it is full. */
  extend(first: number, last: number, minTs: number, maxTs: number): Block | null {
    const block = this.openBlock;
    if (block === null || block.last !== first - 1) {
      this.openBlock = { first, last, minTs, maxTs };
      this.blocks.push(this.openBlock);
    } else {
      block.last = last;
      if (minTs < block.minTs) block.minTs = minTs;
      if (maxTs > block.maxTs) block.maxTs = maxTs;
    }
    const current = this.openBlock as Block;
    if (current.last - current.first + 1 >= BLOCK_ROWS) {
      this.openBlock = null;
      return current;
    }
    return null;
  }

  /** The open block, to persist at close or shutdown. */
  takeOpenBlock(): Block | null {
    const block = this.openBlock;
    this.openBlock = null;
    return block;
  }

  /** After a restart: rows written after the last persisted block form an open block again. */
  restoreTail(block: Block | null): void {
    if (block === null) return;
    this.blocks.push(block);
    this.openBlock = block;
  }

  /** Row-id ranges whose times may fall in [start, end], adjacent blocks merged, ascending. */
  ranges(start: number, end: number): [number, number][] {
    if (this.rows === 0 || this.minTs === null || this.maxTs === null || this.maxTs < start || this.minTs > end) return [];
    const out: [number, number][] = [];
    for (const block of this.blocks) {
      if (block.maxTs < start || block.minTs > end) continue;
      const previous = out.at(-1);
      if (previous !== undefined && previous[1] === block.first - 1) previous[1] = block.last;
      else out.push([block.first, block.last]);
    }
    return out;
  }
}
