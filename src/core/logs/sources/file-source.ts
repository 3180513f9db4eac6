import fs from 'node:fs';
import path from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import type { LogSourceView } from '../../../shared/types/logs';
import type { MultilineMode } from '../parse/entry-joiner';
import type { LogFormat } from '../parse/parse-line';
import type { LogPipeline, SourceHandle } from '../log-pipeline';
import { FileFollower, type FilePosition } from './file-follower';
import { SourceStatus, type LogSource } from './log-source';

export interface FileSourceSpec {
  /** An absolute path or glob. */
  pattern: string;
  service: string;
  from: 'start' | 'end';
  format: LogFormat;
  multiline: MultilineMode;
  maxLineBytes: number;
  /** 'output': Zervigo's own copy of a service's output (a tmux pane's pipe); 'file': a `logs:` file. */
  origin: 'output' | 'file';
  /** Why a matching file is not to be read (it is Zervigo's own copy of some service's output), or null. */
  skip?: (file: string) => string | null;
}

/** Globs are expanded again this often, so files that appear later are followed too. */
const RESCAN_EVERY_POLLS = 8;

interface Followed {
  follower: FileFollower;
  handle: SourceHandle;
  status: SourceStatus;
}

/**
 * Every file matching one glob of the workspace, each followed on its own. Files present at the
 * first scan start where `from` says; files that appear later are read from their beginning
 * (they are new), unless they are a followed file renamed by rotation (same inode): those go on
 * where reading stopped, so a rotated file is never read twice.
 */
export class FileSource implements LogSource {
  readonly key: string;
  private readonly followed = new Map<string, Followed>();
  /** Matching files not read, with why (Zervigo's own copies of service output). */
  private readonly skipped = new Map<string, string>();
  private readonly patternStatus: SourceStatus;
  private scans = 0;

  constructor(
    private readonly spec: FileSourceSpec,
    private readonly pipeline: LogPipeline,
    private readonly onChange: () => void,
  ) {
    this.key = `files:${spec.service}:${spec.pattern}`;
    this.patternStatus = new SourceStatus(onChange);
    this.scan();
  }

  poll(): boolean {
    if (++this.scans % RESCAN_EVERY_POLLS === 0) this.scan();
    let more = false;
    for (const { follower } of this.followed.values()) if (follower.poll()) more = true;
    return more;
  }

  positions(): Map<number, string> {
    const out = new Map<number, string>();
    for (const { follower, handle } of this.followed.values()) {
      const position = follower.position();
      if (position !== null) out.set(handle.record.id, JSON.stringify(position));
    }
    return out;
  }

  views(): LogSourceView[] {
    const skipped = [...this.skipped].map(([file, message]): LogSourceView => ({
      key: `file:${file}`,
      kind: 'file',
      name: file,
      service: this.spec.service,
      state: 'skipped',
      message,
      lines: 0,
      bytes: 0,
      copies: 0,
      lastLineAt: null,
    }));
    if (this.followed.size === 0 && skipped.length === 0) {
      return [
        {
          key: this.key,
          kind: 'file',
          name: this.spec.pattern,
          service: this.spec.service,
          state: this.patternStatus.state,
          message: this.patternStatus.message,
          lines: 0,
          bytes: 0,
          copies: 0,
          lastLineAt: null,
        },
      ];
    }
    return [...[...this.followed.values()].map(({ status, handle }) => status.view(handle)), ...skipped];
  }

  stop(): void {
    for (const { follower, handle } of this.followed.values()) {
      follower.stop();
      this.pipeline.close(handle);
    }
    this.followed.clear();
  }

  private scan(): void {
    const first = this.scans === 0;
    let files: string[];
    try {
      // A plain path is followed even before it exists (the follower waits for it).
      files = isDynamicPattern(this.spec.pattern) ? globSync(this.spec.pattern, { absolute: true, onlyFiles: true, dot: true }) : [this.spec.pattern];
    } catch (error) {
      this.patternStatus.set('error', `cannot list ${this.spec.pattern}: ${(error as Error).message}`);
      return;
    }
    if (files.length === 0 && this.followed.size === 0 && this.skipped.size === 0) {
      this.patternStatus.set('waiting', 'no file matches yet; waiting');
      return;
    }
    const known = new Map<string, FilePosition>();
    for (const { follower } of this.followed.values()) {
      const position = follower.position();
      for (const retired of [...follower.retired, ...(position === null ? [] : [position])]) known.set(`${retired.dev}:${retired.ino}`, retired);
    }
    for (const file of files.map((candidate) => path.resolve(candidate))) {
      if (this.followed.has(file)) continue;
      if (this.skipped.has(file)) continue;
      const skip = this.spec.skip?.(file) ?? null;
      if (skip !== null) {
        this.skipped.set(file, skip);
        continue;
      }
      const handle = this.pipeline.open({
        key: `file:${file}`,
        kind: 'file',
        name: file,
        service: this.spec.service,
        format: this.spec.format,
        multiline: this.spec.multiline,
        origin: this.spec.origin,
      });
      let saved = parsePosition(handle.record.position);
      if (saved === null && !first) saved = rotatedFrom(file, known);
      const status = new SourceStatus(this.onChange);
      const from = first || saved !== null ? this.spec.from : 'start';
      const follower = new FileFollower(file, from, handle, status, this.spec.maxLineBytes, saved);
      this.followed.set(file, { follower, handle, status });
      // Opened now: "from the end" means the end as it is when following starts.
      follower.poll();
    }
    this.onChange();
  }
}

/** A new path that is a followed file under another name (rotation): go on where it stopped. */
function rotatedFrom(file: string, known: Map<string, FilePosition>): FilePosition | null {
  try {
    const stat = fs.statSync(file);
    return known.get(`${stat.dev}:${stat.ino}`) ?? null;
  } catch {
    return null;
  }
}

function parsePosition(text: string | null): FilePosition | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as Partial<FilePosition>;
    return typeof value.dev === 'number' && typeof value.ino === 'number' && typeof value.offset === 'number' ? (value as FilePosition) : null;
  } catch {
    return null;
  }
}
