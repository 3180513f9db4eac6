import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type { CleanupItem } from './cleanup-plan';

export interface CleanupOutcome {
  /** The paths acted on, in the plan's order (the ones already gone are in `missing`). */
  done: string[];
  missing: string[];
  failed: { path: string; message: string }[];
  freedBytes: number;
}

/** Files handled between yields to the event loop: a 100,000-file cleanup never blocks it for long. */
const SLICE = 500;

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Compresses one file to `<file>.gz` (written beside it, then renamed), keeping its mtime, and removes the original. */
async function gzipFile(item: CleanupItem): Promise<void> {
  const partial = `${item.path}.gz.partial`;
  try {
    await pipeline(fs.createReadStream(item.path), zlib.createGzip(), fs.createWriteStream(partial, { flags: 'wx' }));
    const seconds = item.mtimeMs / 1000;
    fs.utimesSync(partial, seconds, seconds);
    fs.renameSync(partial, `${item.path}.gz`);
    fs.unlinkSync(item.path);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

/** Deletes or compresses exactly the planned files, in order; stops early only when `signal` aborts. */
export async function runCleanup(items: readonly CleanupItem[], action: 'delete' | 'gzip', signal: AbortSignal): Promise<CleanupOutcome> {
  const outcome: CleanupOutcome = { done: [], missing: [], failed: [], freedBytes: 0 };
  for (let start = 0; start < items.length; start += SLICE) {
    if (signal.aborted) break;
    for (const item of items.slice(start, start + SLICE)) {
      try {
        if (action === 'delete') fs.unlinkSync(item.path);
        else await gzipFile(item);
        outcome.done.push(item.path);
        outcome.freedBytes += item.allocated;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') outcome.missing.push(item.path);
        else outcome.failed.push({ path: item.path, message: code === 'ENOSPC' ? 'no space left to write the .gz' : (error as Error).message });
      }
    }
    await yieldToLoop();
  }
  return outcome;
}
