import fs from 'node:fs';
import { LineSplitter } from '../parse/line-splitter';
import type { SourceHandle } from '../log-pipeline';
import { errorCode, type SourceStatus } from './log-source';

/** Bytes read per poll: a huge backlog is read over several polls, between which others run. */
const MAX_READ_PER_POLL = 1024 * 1024;
const READ_SIZE = 256 * 1024;
const PERMISSION_DENIED = 'permission denied: Zervigo may not read this file';

export interface FilePosition {
  dev: number;
  ino: number;
  offset: number;
}

/**
 * Follows one file as `tail -F` does: from its end or its beginning; across rotation by rename
 * (the old file is read to its end, then the new one from its start) and by truncation (reading
 * restarts at 0); a deleted file is waited for; a permission error is reported and retried.
 * Partial lines are held until their newline (or until the file is rotated away).
 */
export class FileFollower {
  private fd: number | null = null;
  private dev = 0;
  private ino = 0;
  private offset = 0;
  private opened = false;
  private readonly splitter: LineSplitter;
  private readonly buffer = Buffer.allocUnsafe(READ_SIZE);
  /** Files let go after rotation, read up to here: if they show up under another name, not again. */
  readonly retired: FilePosition[] = [];

  constructor(
    readonly path: string,
    private from: 'start' | 'end',
    private readonly handle: SourceHandle,
    private readonly status: SourceStatus,
    maxLineBytes: number,
    private saved: FilePosition | null = null,
  ) {
    this.splitter = new LineSplitter(maxLineBytes, (line) => handle.line(line.text, line.truncatedBytes));
    // A file that appears after following began is new: all of it is read.
    if (!fs.existsSync(path)) this.from = 'start';
  }

  position(): FilePosition | null {
    return this.fd === null ? this.saved : { dev: this.dev, ino: this.ino, offset: this.offset };
  }

  /** Reads what is new; returns true when more is waiting than one poll reads. */
  poll(): boolean {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(this.path);
    } catch (error) {
      this.finishOld();
      const code = errorCode(error);
      if (code === 'ENOENT') this.status.set('waiting', 'the file does not exist (yet); waiting for it');
      else if (code === 'EACCES' || code === 'EPERM') this.status.set('error', PERMISSION_DENIED);
      else this.status.set('error', `cannot read the file: ${code}`);
      return false;
    }
    if (!stat.isFile()) {
      this.status.set('error', 'not a regular file');
      return false;
    }
    if (this.fd !== null && (stat.ino !== this.ino || stat.dev !== this.dev)) this.finishOld();
    if (this.fd === null && !this.open(stat)) return false;
    if (stat.size < this.offset) {
      // Truncated in place (copytruncate, "> file"): start over.
      this.splitter.flush();
      this.handle.end();
      this.offset = 0;
    }
    const more = this.read(stat.size);
    this.status.set('following', null);
    return more;
  }

  stop(): void {
    this.close();
  }

  private open(stat: fs.Stats): boolean {
    try {
      this.fd = fs.openSync(this.path, 'r');
    } catch (error) {
      const code = errorCode(error);
      this.status.set('error', code === 'EACCES' || code === 'EPERM' ? PERMISSION_DENIED : `cannot open the file: ${code}`);
      return false;
    }
    this.dev = stat.dev;
    this.ino = stat.ino;
    const saved = this.saved;
    if (saved !== null && saved.ino === stat.ino && saved.dev === stat.dev && saved.offset <= stat.size) this.offset = saved.offset;
    else this.offset = !this.opened && this.from === 'end' && saved === null ? stat.size : 0;
    this.opened = true;
    this.saved = null;
    return true;
  }

  private read(size: number): boolean {
    const fd = this.fd as number;
    let budget = MAX_READ_PER_POLL;
    while (this.offset < size && budget > 0) {
      const wanted = Math.min(READ_SIZE, size - this.offset, budget);
      let read: number;
      try {
        read = fs.readSync(fd, this.buffer, 0, wanted, this.offset);
      } catch (error) {
        this.status.set('error', `reading failed: ${errorCode(error)}`);
        this.close();
        return false;
      }
      if (read === 0) break;
      this.offset += read;
      budget -= read;
      this.splitter.push(this.buffer.subarray(0, read));
    }
    return this.offset < size;
  }

  /** The followed file was renamed, replaced or deleted: read the rest of it, then let it go. */
  private finishOld(): void {
    if (this.fd === null) return;
    try {
      const size = fs.fstatSync(this.fd).size;
      while (this.read(size));
    } catch {
      // Gone for good; what was read is kept.
    }
    this.splitter.flush();
    this.handle.end();
    this.retired.push({ dev: this.dev, ino: this.ino, offset: this.offset });
    if (this.retired.length > 16) this.retired.shift();
    this.close();
  }

  private close(): void {
    if (this.fd !== null) {
      try {
        fs.closeSync(this.fd);
      } catch {
        // Already closed.
      }
    }
    this.fd = null;
  }
}
