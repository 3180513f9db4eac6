import { describe, expect, it } from 'vitest';
import { describeInsights } from '../../src/cli/commands/insights';
import type { InsightsView } from '../../src/shared/types/insights';
import { spawnSync } from 'node:child_process';
import { cliBin, runCliAsync, startServe } from '../helpers/cli';
import { tempDir, writeFile } from '../helpers/temp-dir';

describe('zervigo insights', () => {
  it('--json prints what GET /api/v1/insights returns; without it, a summary; a bad --kind is refused', async () => {
    const dir = tempDir();
    const dataDir = tempDir();
    writeFile(dir, 'zervigo.yaml', 'version: 1\nmachine: false\nanalysis:\n  anomalies: { select: [probe_duration_seconds], max_series: 50 }\n');
    const serve = await startServe(['--port', '0', '--data-dir', dataDir], { cwd: dir });
    const cli = (...args: string[]) => runCliAsync(['insights', '--url', serve.url, '--data-dir', dataDir, ...args]);
    const json = await cli('--json');
    expect(json.stderr).toBe('');
    const printed = JSON.parse(json.stdout) as InsightsView;
    const token = (await import('node:fs')).readFileSync(`${dataDir}/api-token`, 'utf8').trim();
    const api = (await (await fetch(`${serve.url}/api/v1/insights`, { headers: { authorization: `Bearer ${token}` } })).json()) as InsightsView;
    expect({ ...printed, at: 0 }).toEqual({ ...api, at: 0 });
    expect(printed).toMatchObject({ anomalies: [], incidents: [], forecasts: [], notices: [], advice: [], scoredSeries: 0 });

    expect((await cli()).stdout).toBe('Nothing unusual: 0 series scored, 0 forecast.\n');
    // A filter that matched nothing is named (a mistyped service shows), not "nothing unusual".
    expect((await cli('--service', 'apii', '--kind', 'advice')).stdout).toBe('Nothing of kind advice for service apii: 0 series scored in all, 0 forecast.\n');
    const bad = await cli('--kind', 'advise');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe('zervigo: --kind is one of anomaly, incident, forecast, advice, finding, notice, not "advise"\n');

    // --url and --token after `apply`/`dismiss` (the parent `insights` takes the same flags) reach this server.
    const env = { ZERVIGO_URL: '', ZERVIGO_TOKEN: '' };
    const apply = await runCliAsync(['insights', 'apply', 'no-such-advice', '--url', serve.url, '--token', token], { env });
    expect(apply.stderr).toMatch(/no current advice no-such-advice/);
    const dismiss = await runCliAsync(['insights', 'dismiss', 'no-such-advice', '--url', serve.url, '--token', token], { env });
    expect(dismiss.stderr).toMatch(/no current advice no-such-advice/);
    const incident = await runCliAsync(['incidents', 'show', '999', '--url', serve.url, '--token', token], { env });
    expect(incident.stderr).not.toMatch(/ECONNREFUSED|no API token/);

    // Piped into a reader that is gone (`| head -1` that has its line, here `| true`): a quiet exit, not an EPIPE stack trace.
    const piped = spawnSync('sh', ['-c', `"${process.execPath}" "${cliBin}" insights --json --url ${serve.url} --token ${token} | true`], {
      encoding: 'utf8',
      env: { ...process.env, ZERVIGO_LOG_LEVEL: 'silent' },
    });
    expect(piped.stderr).toBe('');
  }, 60_000);

  it('shows incidents with their first mover, anomalies with value and typical value, forecasts with their sentence', () => {
    const series = (service: string) => ({ metric: 'probe_duration_seconds', labels: { service }, selector: `probe_duration_seconds{service="${service}"}` });
    const view: InsightsView = {
      at: 0,
      anomalies: [
        {
          kind: 'anomaly',
          id: 'a',
          series: series('api'),
          service: 'api',
          startedAt: Date.UTC(2026, 10, 22, 14, 0, 0),
          endedAt: null,
          lastAt: 0,
          peakScore: 0.9991,
          value: 0.5,
          typical: 0.05,
          summary: '',
        },
      ],
      incidents: [
        {
          kind: 'incident',
          id: 'i',
          startedAt: Date.UTC(2026, 10, 22, 13, 59, 0),
          endedAt: Date.UTC(2026, 10, 22, 14, 9, 0),
          services: ['db', 'api'],
          series: [series('db'), series('api')],
          moreSeries: 0,
          firstMover: series('db'),
          peakScore: 0.9995,
          summary: '',
        },
      ],
      forecasts: [
        {
          kind: 'forecast',
          id: 'f',
          series: { metric: 'system_disk_used_percent', labels: { mount: '/' }, selector: 'system_disk_used_percent{mount="/"}' },
          service: null,
          threshold: 95,
          direction: 'up',
          status: 'fills',
          secondsUntil: 21_600,
          interval: [14_400, 32_400],
          level: 80,
          at: 0,
          summary: 'system_disk_used_percent{mount="/"} fills in 6 h (4–9 h) at the current rate',
        },
      ],
      notices: [],
      advice: [],
      findings: [
        {
          kind: 'finding',
          id: 'finding:slo:service=api',
          analyser: 'slo',
          analyserKind: 'slo-burn-rate',
          plugin: 'slo-burn-rate',
          severity: 'critical',
          service: 'api',
          target: 'api (SLO 99.9%)',
          summary: 'api burns its 99.9% error budget 28× faster than sustainable',
          evidence: ['probe_success{service="api"}'],
          startedAt: Date.UTC(2026, 10, 22, 14, 0, 0),
          lastAt: 0,
          endedAt: null,
        },
      ],
      scoredSeries: 12,
      forecastSeries: 1,
    };
    const text = describeInsights(view).join('\n');
    expect(text).toMatch(/^Incidents \(1\)\nWHEN +SERVICES +FIRST MOVER +SERIES +PEAK\n.* for 10m +db, api +probe_duration_seconds\{service="db"\} +2 +0\.999/);
    expect(text).toMatch(/\(ongoing\) +probe_duration_seconds\{service="api"\} +0\.5 +0\.05 +0\.999/);
    expect(text).toContain('system_disk_used_percent{mount="/"}  95         fills in 6 h (4–9 h) at the current rate');
    expect(text).toMatch(
      /Findings of analysers \(1\)\nWHEN +ANALYSER +SEVERITY +FINDING\n.*\(ongoing\) +slo +critical +api \(SLO 99\.9%\): api burns its 99\.9% error budget 28× faster/,
    );
    expect(text.endsWith('12 series scored, 1 forecast.')).toBe(true);
  });
});
