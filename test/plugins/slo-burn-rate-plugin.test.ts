import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AlertmanagerWebhookPayload } from '../../src/core/notify/channels/webhook';
import type { InsightsView } from '../../src/shared/types/insights';
import { HttpReceiver } from '../helpers/http-receiver';
import { startTarget } from '../helpers/http-target';
import { ShippedProbePlugin } from '../helpers/shipped-probe-plugin';
import { waitFor } from '../helpers/wait-for';

/**
 * The SLO burn-rate analyser shipped in plugins/, through the real engine: a built-in HTTP probe
 * checks a server on 127.0.0.1 every 200 ms, its probe_success goes into the SQLite store, the
 * analyser (in its plugin's own process) is handed the window every 500 ms, and its finding is an
 * insight and an alert routed to a webhook; it ends once the server is well again.
 */
const context = { actor: 'test', transport: 'internal' } as const;

const workspace = (target: string, hook: string): string => `version: 1
machine: false
plugins: [slo-burn-rate]
services:
  api:
    probes:
      - http: { url: "${target}/health" }
        every: 200ms
        timeout: 200ms
        retries: 0
routes:
  - match: { alertname: insight, insight_kind: finding }
    notify: [hook]
    group_by: [alertname, service]
    group_wait: 0s
    group_interval: 1s
channels:
  hook: { webhook: { url: "${hook}" } }
analysis:
  anomalies: { enabled: false }
  forecasts: []
  notify: { enabled: true, advice: false }
  analysers:
    - slo-burn-rate:
        objective: 80
        windows:
          - { long: 4s, short: 1s, burn_rate: 4, severity: critical }
          - { long: 20s, short: 4s, burn_rate: 2, severity: warning }
      name: api-slo
      select: ['probe_success{service="api"}']
      every: 500ms
      window: 20s
`;

describe('plugin slo-burn-rate', () => {
  it('finds a fast burn of the error budget from probe_success, routes it as an alert, and ends it once the checks pass again', async () => {
    let healthy = true;
    const target = await startTarget({ '/health': (_request, response) => response.writeHead(healthy ? 200 : 503).end(healthy ? 'ok' : 'down') });
    const hook = await HttpReceiver.start();
    const { engine, file } = await ShippedProbePlugin.start('slo-burn-rate');
    fs.writeFileSync(file, workspace(target.url, hook.url));
    engine.workspace.reloadFromFile();
    expect(engine.workspace.view().error).toBeNull();
    const insights = async (): Promise<InsightsView> => (await engine.dispatch('insights.list', {}, context)) as InsightsView;

    // Healthy: rounds answer (no notice) and find nothing.
    await waitFor(() => target.requests.length >= 10, { what: '10 checks', timeoutMs: 20_000 });
    await engine.analysis.analysers.runAll();
    expect((await insights()).notices).toEqual([]);
    expect((await insights()).findings).toEqual([]);

    // Every check fails: both windows of the first pair burn at 5× the 20 % budget.
    healthy = false;
    const found = await waitFor(async () => (await insights()).findings.find((finding) => finding.endedAt === null && finding.severity === 'critical'), {
      what: 'a critical finding',
      timeoutMs: 20_000,
    });
    expect(found).toMatchObject({
      id: 'finding:api-slo:service=api',
      analyser: 'api-slo',
      analyserKind: 'slo-burn-rate',
      plugin: 'slo-burn-rate',
      service: 'api',
      target: 'api (SLO 80%)',
      evidence: [`probe_success{instance="${target.url}/health",probe="http#0",service="api"}`],
    });
    expect(found.summary).toMatch(
      /^api burns its 80% error budget \d+(\.\d)?× faster than sustainable: \d+(\.\d+)?% of checks failed over the last 4s and 100% over 1s/,
    );
    // The slower pair may fire a round earlier (a warning); the critical one is delivered as well.
    const firing = await waitFor(
      () =>
        hook.requests
          .flatMap((request) => (request.body as AlertmanagerWebhookPayload).alerts)
          .find((alert) => alert.status === 'firing' && alert.labels.severity === 'critical'),
      { what: 'the critical finding delivered to the webhook', timeoutMs: 20_000 },
    );
    expect(firing).toMatchObject({
      status: 'firing',
      labels: { alertname: 'insight', insight_kind: 'finding', analyser: 'api-slo', plugin: 'slo-burn-rate', service: 'api', severity: 'critical' },
    });
    expect(firing.annotations.summary).toContain('api (SLO 80%): api burns its 80% error budget');

    // Well again: the short windows clear within seconds, the finding ends, the alert resolves.
    healthy = true;
    await waitFor(async () => (await insights()).findings.every((finding) => finding.endedAt !== null), { what: 'the finding ended', timeoutMs: 30_000 });
    await waitFor(() => hook.requests.some((request) => (request.body as AlertmanagerWebhookPayload).status === 'resolved'), {
      what: 'the resolution delivered',
      timeoutMs: 20_000,
    });
  }, 90_000);
});
