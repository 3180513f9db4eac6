import { describe, expect, it } from 'vitest';
import type { OnCallNowView } from '../../src/shared/types/oncall';
import { runCliAsync, startServe } from '../helpers/cli';
import { tempDir, writeFile } from '../helpers/temp-dir';

describe('zervigo oncall', () => {
  it('says who is on call now per schedule (text and --json), lists shifts, and names an unknown schedule', async () => {
    const dir = tempDir();
    const dataDir = tempDir();
    // Started long ago with one person: whenever the test runs, alice is on call.
    writeFile(
      dir,
      'zervigo.yaml',
      `version: 1
machine: false
on_call:
  schedules:
    primary:
      time_zone: Europe/Berlin
      layers: [{ people: [alice], length: daily, hand_off: "09:00", start: "2020-01-01" }]
`,
    );
    const serve = await startServe(['--port', '0', '--data-dir', dataDir], { cwd: dir });
    const cli = (...args: string[]) => runCliAsync(['oncall', ...args, '--url', serve.url, '--data-dir', dataDir]);

    const json = await cli('--json');
    expect(json.stderr).toBe('');
    const parsed = JSON.parse(json.stdout) as { now: OnCallNowView[]; escalations: unknown[] };
    expect(parsed.now).toMatchObject([{ schedule: 'primary', person: 'alice', source: 'rotation', timeZone: 'Europe/Berlin' }]);
    expect(parsed.escalations).toEqual([]);
    const text = await cli();
    expect(text.stdout.split('\n')[0]).toMatch(/^SCHEDULE\s+ON CALL\s+BY\s+UNTIL/);
    expect(text.stdout.split('\n')[1]).toMatch(/^primary\s+alice\s+rotation$/); // one person: no hand-off ahead
    const shifts = await cli('shifts', 'primary', '--days', '3');
    expect(shifts.stdout).toContain('primary (Europe/Berlin)');
    const unknown = await cli('shifts', 'primry');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('no schedule "primry"; did you mean "primary"?');
  }, 60_000);
});
