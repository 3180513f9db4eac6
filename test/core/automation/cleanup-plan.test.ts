import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planCleanup } from '../../../src/core/automation/maintenance/cleanup-plan';
import { cleanupSchema } from '../../../src/core/config/schema';
import { tempDir } from '../../helpers/temp-dir';

/** A statfs that reports `free` bytes free on 4 KiB blocks, so the plan's target is exact. */
const statfsWith =
  (free: number) =>
  (dir: string): fs.StatsFs => ({ ...fs.statfsSync(dir), bsize: 4096, bavail: free / 4096, blocks: 1_000_000 });

describe('planCleanup to a free-space target (real sparse files)', () => {
  it('takes the oldest files until the blocks they really hold reach the target, and plans the same list again', () => {
    const dir = tempDir();
    const block = Buffer.alloc(4096, 'x');
    const files: string[] = [];
    for (let i = 0; i < 2_000; i += 1) {
      const file = path.join(dir, `d${i % 10}`, `f${i}.log`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const fd = fs.openSync(file, 'w');
      fs.ftruncateSync(fd, 100 * 1024);
      fs.writeSync(fd, block, 0, block.length, 0);
      fs.closeSync(fd);
      const seconds = 1_700_000_000 + ((i * 7919) % 2_000);
      fs.utimesSync(file, seconds, seconds);
      files.push(file);
    }
    const allocated = fs.statSync(files[0] as string).blocks * 512;
    const config = cleanupSchema.parse({ paths: ['./**/*.log'], free_above: 1_000 * 4096 + 300 * allocated });

    const plan = planCleanup(config, dir, Date.now(), statfsWith(1_000 * 4096));
    const again = planCleanup(config, dir, Date.now(), statfsWith(1_000 * 4096));

    const oldestFirst = [...files].sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs);
    expect(plan.items.map((item) => item.path)).toEqual(oldestFirst.slice(0, 300));
    expect(plan.items.every((item) => item.allocated === allocated && item.size === 100 * 1024)).toBe(true);
    expect(plan.reachesTarget).toBe(true);
    expect(plan.filesystems[0]?.expectedFreeBytes).toBe(1_000 * 4096 + 300 * allocated);
    expect(again.digest).toBe(plan.digest);
  });
});
