import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileProbe } from '../../../src/core/monitoring/kinds/file-probe';
import type { ProbeContext } from '../../../src/core/monitoring/probe-kind';
import { tempDir } from '../../helpers/temp-dir';
import { probeConfig, runCheck, testAgents } from '../../helpers/run-check';

/** One check of a `file:` probe as the workspace declares it, for a service whose folder is `dir`. */
async function check(dir: string, options: unknown) {
  const probe = probeConfig({ file: options });
  const context: ProbeContext = {
    probe: { ...probe, timeoutMs: probe.timeout },
    service: { name: 'backup', dir, env: {}, pidFile: undefined, pid: () => null },
    agents: testAgents(),
  };
  return runCheck(fileProbe.createCheck(probe.file as never, context), probe.timeout);
}

const HOUR_MS = 3_600_000;

describe('file probe (real files)', () => {
  it('passes while the file exists, relative to the service folder, and reports its age and size', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'db.sql.gz'), 'x'.repeat(2048));
    const result = await check(dir, 'db.sql.gz');
    expect(result).toMatchObject({ ok: true, reason: null });
    expect(result.samples.find((sample) => sample.name === 'probe_file_size_bytes')?.value).toBe(2048);
    expect(result.samples.find((sample) => sample.name === 'probe_file_age_seconds')?.value).toBeGreaterThanOrEqual(0);
    expect(await check(dir, 'gone.sql.gz')).toMatchObject({ ok: false, reason: `no file ${path.join(dir, 'gone.sql.gz')}` });
    expect(await check(dir, '.')).toMatchObject({ ok: false, reason: `${dir} is not a regular file` });
  });

  it('fails a file older than max_age, and one whose size is out of bounds', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'nightly.tar');
    fs.writeFileSync(file, 'x'.repeat(100));
    const threeHoursAgo = new Date(Date.now() - 3 * HOUR_MS);
    fs.utimesSync(file, threeHoursAgo, threeHoursAgo);
    expect(await check(dir, { path: 'nightly.tar', max_age: '4h' })).toMatchObject({ ok: true });
    const stale = await check(dir, { path: 'nightly.tar', max_age: '1h' });
    expect(stale.ok).toBe(false);
    expect(stale.reason).toMatch(/^nightly\.tar: last written 1\d\d(\.\d)? min ago, longer than max_age 60 min$/);
    expect(await check(dir, { path: 'nightly.tar', min_size: '1KB' })).toMatchObject({
      ok: false,
      reason: 'nightly.tar: 100 bytes, smaller than min_size 1000',
    });
    expect(await check(dir, { path: 'nightly.tar', max_size: 50 })).toMatchObject({ ok: false, reason: 'nightly.tar: 100 bytes, larger than max_size 50' });
    expect(await check(dir, { path: 'nightly.tar', min_size: 10, max_size: '1KiB' })).toMatchObject({ ok: true });
  });

  it('is refused in the workspace with a mistyped key or a duration without a unit', () => {
    expect(() => probeConfig({ file: { path: 'a', max_agee: '1h' } })).toThrow();
    expect(() => probeConfig({ file: { path: 'a', max_age: 3600 } })).toThrow(/unit/);
  });
});
