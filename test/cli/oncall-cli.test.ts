import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOKEN_FILE_NAME } from '../../src/server/auth/api-token';
import type { EscalationView, OnCallNowView } from '../../src/shared/types/oncall';
import { runCliAsync, startServe } from '../helpers/cli';
import { HttpReceiver } from '../helpers/http-receiver';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

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

  it('oncall ack <id> acknowledges the page: the escalation stops, and a second ack is refused naming who acknowledged', async () => {
    const dir = tempDir();
    const dataDir = tempDir();
    const pager = await HttpReceiver.start();
    const cache = net.createServer((socket) => socket.end());
    await new Promise<void>((resolve) => cache.listen(0, '127.0.0.1', resolve));
    const cachePort = (cache.address() as net.AddressInfo).port;
    writeFile(
      dir,
      'zervigo.yaml',
      `version: 1
machine: false
evaluation_interval: 1s
services:
  cache:
    probes: [{ tcp: "127.0.0.1:${cachePort}", every: 1s }]
rules:
  - alert: CacheDown
    expr: probe_success{service="cache"} == 0
    labels: { severity: critical }
routes:
  - notify: [oncall:primary]
    group_wait: 0s
channels:
  alice-hook: { webhook: { url: "${pager.url}/alice" } }
on_call:
  contacts: { alice: [alice-hook] }
  schedules:
    primary:
      time_zone: Europe/Berlin
      layers: [{ people: [alice], length: daily, hand_off: "09:00", start: "2020-01-01" }]
  escalations:
    primary:
      levels: [{ schedule: primary, after: 10m }]
`,
    );
    const serve = await startServe(['--port', '0', '--data-dir', dataDir], { cwd: dir });
    // alice gets an account while the cache still answers: a level naming nobody known would be skipped.
    const token = fs.readFileSync(path.join(dataDir, TOKEN_FILE_NAME), 'utf8').trim();
    const added = await fetch(`${serve.url}/api/v1/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'alice', role: 'operator', serviceAccount: true }),
    });
    expect(added.status, await added.text()).toBe(200);
    await new Promise((resolve) => cache.close(resolve)); // the cache goes down: CacheDown fires
    const cli = (...args: string[]) => runCliAsync(['oncall', ...args, '--url', serve.url, '--data-dir', dataDir]);
    await waitFor(() => pager.requests.length > 0, { what: 'alice paged through the escalation', timeoutMs: 30_000 });

    const listed = await cli('escalations', '--json');
    expect(listed.stderr).toBe('');
    const pending = JSON.parse(listed.stdout) as EscalationView[];
    expect(pending).toMatchObject([{ state: 'pending', level: 1 }]);
    const id = pending[0]?.id ?? 0;
    const acked = await cli('ack', `#${id}`, '-m', 'on it');
    expect(acked.stderr).toBe('');
    expect(acked.status).toBe(0);
    expect(acked.stdout.split('\n')[0]).toMatch(new RegExp(`^#${id} \\[FIRING:1\\] CacheDown via primary: acknowledged by \\S+ at `));
    const again = await cli('ack', String(id));
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`escalation #${id} ([FIRING:1] CacheDown) was already acknowledged by`);
    const bad = await cli('ack', 'first');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('an escalation is named by its number, like 3 or #3');
  }, 60_000);
});
