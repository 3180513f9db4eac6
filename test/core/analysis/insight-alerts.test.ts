import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine';
import { insightAlerts, syncInsightAlerts, type InsightAlert, type InsightAlertPort } from '../../../src/core/analysis/insight-alerts';
import { silentLogger } from '../../../src/core/logger';
import type { AlertmanagerWebhookPayload } from '../../../src/core/notify/channels/webhook';
import type { AlertView } from '../../../src/shared/types/alerts';
import type { ForecastInsight, InsightsView } from '../../../src/shared/types/insights';
import { FakeClock } from '../../helpers/fake-clock';
import { HttpReceiver } from '../../helpers/http-receiver';
import { tempDir, writeFile } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';

/**
 * Insights routed like alerts (analysis.notify): an incident of anomalies becomes one alert named
 * "insight", delivered by a real webhook once (not per evaluation), resolved when it ends, held
 * by a silence like any alert.
 */
const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

const context = { actor: 'test', transport: 'internal' } as const;
const STEP = 10_000;
const MINUTE = 60_000;

function noise(i: number): number {
  const x = Math.sin(i * 12.9898 + 78.233) * 43758.5453;
  return 2 * (x - Math.floor(x)) - 1;
}

const workspace = (url: string): string => `version: 1
machine: false
services:
  api: {}
routes:
  - match: { alertname: insight, insight_kind: anomaly }
    notify: [hook]
    group_by: [alertname, service]
    group_wait: 0s
    group_interval: 30s
    repeat: 4h
channels:
  hook: { webhook: { url: "${url}" } }
analysis:
  anomalies:
    select: ['latency_seconds']
  forecasts: []
  notify:
    enabled: true
    anomalies_for: 1m
    advice: false
`;

/**
 * A real engine on its own SQLite files (or `dataDir`'s) and an injected clock starting at `from`;
 * `feed` appends api's latency every 10 s around `level` (its noise goes on from sample `first`).
 */
function startEngine(
  workspacePath: string,
  { dataDir = tempDir(), from = Date.UTC(2026, 10, 22, 0, 0, 0), first = 0 } = {},
): { engine: Engine; clock: FakeClock; feed: (count: number, level: number) => void; fed: () => number } {
  const clock = new FakeClock(from);
  const engine = Engine.start({ dataDir, workspacePath, shell: 'server', logger: silentLogger, processEnv: {}, clock, tickMs: 1_000 });
  engines.push(engine);
  const api = engine.series.index.idOf('latency_seconds', { service: 'api' });
  let i = first;
  const feed = (count: number, level: number): void => {
    for (const end = i + count; i < end; i++) {
      engine.series.writer.append(api, clock.now(), level + level * 0.1 * noise(i));
      clock.advance(STEP);
    }
  };
  return { engine, clock, feed, fed: () => i };
}

describe('insights as alerts', () => {
  it('delivers an anomaly incident once through routes to a real webhook, then its resolution; a silence holds the next one', async () => {
    const receiver = await HttpReceiver.start();
    const { engine, clock, feed } = startEngine(writeFile(tempDir(), 'zervigo.yaml', workspace(receiver.url)));
    const insightAlertsNow = async (): Promise<AlertView[]> =>
      ((await engine.dispatch('alerts.list', {}, context)) as AlertView[]).filter((alert) => alert.labels.alertname === 'insight');
    const payloads = (): AlertmanagerWebhookPayload[] => receiver.requests.map((request) => request.body as AlertmanagerWebhookPayload);
    const settled = (): Promise<void> => engine.notify.deliveriesIdle();

    feed(300, 0.05);
    await settled();
    expect(await insightAlertsNow()).toEqual([]);

    // Latency shifts tenfold: the anomaly is an insight at once, an alert only after anomalies_for (1m).
    feed(3, 0.5);
    expect((await engine.dispatch('insights.list', {}, context)) as { anomalies: unknown[] }).toMatchObject({ anomalies: [{ service: 'api' }] });
    expect(await insightAlertsNow()).toEqual([]);
    feed(27, 0.5);
    await waitFor(() => receiver.requests.length >= 1, {
      what: `the insight's notification (alerts: ${JSON.stringify(engine.notify.alertViews().map((a) => a.labels))})`,
    });
    expect(payloads()[0]).toMatchObject({
      status: 'firing',
      alerts: [{ status: 'firing', labels: { alertname: 'insight', insight_kind: 'anomaly', service: 'api', metric: 'latency_seconds', severity: 'warning' } }],
    });
    expect(payloads()[0]?.alerts[0]?.annotations.summary).toContain('latency_seconds{service="api"}');

    // It lasts another 10 minutes, evaluated every tick: still the one notification.
    feed(60, 0.5);
    await settled();
    expect(receiver.requests).toHaveLength(1);

    // Back to normal: the incident ends, the alert resolves, the webhook hears it.
    feed(12, 0.05);
    await waitFor(() => receiver.requests.length >= 2, { what: `the resolution (requests: ${receiver.requests.length})` });
    expect(payloads()[1]).toMatchObject({ status: 'resolved', alerts: [{ status: 'resolved', labels: { alertname: 'insight', insight_kind: 'anomaly' } }] });
    expect((await insightAlertsNow()).map((alert) => alert.state)).toEqual(['resolved']);

    // A silence on anomaly insights: the next incident is an alert, silenced, and nothing is sent.
    const silence = (await engine.dispatch(
      'silences.create',
      { matchers: [{ name: 'insight_kind', value: 'anomaly', isRegex: false, isEqual: true }], duration: '1h', comment: 'load test' },
      context,
    )) as { id: string };
    feed(240, 0.05);
    feed(30, 3);
    const silenced = (await insightAlertsNow()).filter((alert) => alert.state === 'firing');
    expect(silenced).toHaveLength(1);
    expect(silenced[0]?.silencedBy).toEqual([silence.id]);
    clock.advance(MINUTE);
    await settled();
    expect(receiver.requests).toHaveLength(2);
  });
});

describe('an open anomaly insight across a workspace edit', () => {
  it('stays firing when the edit does not touch its series, and ends when its series is no longer selected', async () => {
    const receiver = await HttpReceiver.start();
    const file = writeFile(tempDir(), 'zervigo.yaml', workspace(receiver.url));
    const { engine, clock, feed } = startEngine(file);
    const firingInsights = async (): Promise<AlertView[]> =>
      ((await engine.dispatch('alerts.list', {}, context)) as AlertView[]).filter((alert) => alert.labels.alertname === 'insight' && alert.state === 'firing');
    const statuses = (): string[] => receiver.requests.map((request) => (request.body as AlertmanagerWebhookPayload).status);

    feed(300, 0.05);
    feed(30, 0.5);
    await waitFor(() => receiver.requests.length >= 1, { what: 'the anomaly insight firing' });
    const before = await firingInsights();
    expect(before).toHaveLength(1);

    // An edit elsewhere in the file (another service): the anomaly goes on, and so does its alert.
    fs.writeFileSync(file, workspace(receiver.url).replace('  api: {}\n', '  api: {}\n  web: {}\n'));
    engine.workspace.reloadFromFile();
    expect(engine.workspace.current().config.services.web).toBeDefined();
    feed(12, 0.5);
    await engine.notify.deliveriesIdle();
    clock.advance(MINUTE);
    await engine.notify.deliveriesIdle();
    const after = await firingInsights();
    expect(after.map((alert) => alert.labels.insight)).toEqual(before.map((alert) => alert.labels.insight));
    expect(statuses()).toEqual(['firing']);
    const insights = (await engine.dispatch('insights.list', {}, context)) as InsightsView;
    expect(insights.anomalies.filter((anomaly) => anomaly.endedAt === null)).toHaveLength(1);

    // An edit that stops scoring the series ends its anomaly, and the alert resolves.
    fs.writeFileSync(file, workspace(receiver.url).replace("select: ['latency_seconds']", "select: ['cpu_seconds']"));
    engine.workspace.reloadFromFile();
    feed(3, 0.5);
    await waitFor(() => statuses().includes('resolved'), { what: `the resolution (sent: ${statuses().join(', ')})` });
    expect(await firingInsights()).toEqual([]);
  });
});

describe('an open anomaly insight across an engine restart', () => {
  it.each([
    ['30 s', 30_000],
    ['10 min (longer than the 5 min a silent series keeps its episode)', 10 * MINUTE],
  ])('after %s down: restored with the same id, its alert firing while the series stays anomalous; one resolution when it recovers', async (_gap, gapMs) => {
    const receiver = await HttpReceiver.start();
    const file = writeFile(tempDir(), 'zervigo.yaml', workspace(receiver.url));
    const dataDir = tempDir();
    const statuses = (): string[] => receiver.requests.map((request) => (request.body as AlertmanagerWebhookPayload).status);
    const openAnomalies = async (engine: Engine): Promise<InsightsView['anomalies']> =>
      ((await engine.dispatch('insights.list', {}, context)) as InsightsView).anomalies.filter((anomaly) => anomaly.endedAt === null);
    const firingInsights = async (engine: Engine): Promise<AlertView[]> =>
      ((await engine.dispatch('alerts.list', {}, context)) as AlertView[]).filter((alert) => alert.labels.alertname === 'insight' && alert.state === 'firing');

    const first = startEngine(file, { dataDir });
    first.feed(300, 0.05);
    first.feed(30, 0.5);
    await waitFor(() => receiver.requests.length >= 1, { what: 'the anomaly insight firing' });
    const anomaliesBefore = await openAnomalies(first.engine);
    expect(anomaliesBefore).toHaveLength(1);
    const alertsBefore = await firingInsights(first.engine);
    expect(alertsBefore).toHaveLength(1);
    await engines.splice(engines.indexOf(first.engine), 1)[0]?.stop();

    // A new engine on the same data folder, after the gap; the series is still anomalous.
    const second = startEngine(file, { dataDir, from: first.clock.now() + gapMs, first: first.fed() });
    expect((await openAnomalies(second.engine)).map((anomaly) => anomaly.id)).toEqual(anomaliesBefore.map((anomaly) => anomaly.id));
    second.feed(12, 0.5);
    await second.engine.notify.deliveriesIdle();
    second.clock.advance(MINUTE);
    await second.engine.notify.deliveriesIdle();
    expect((await openAnomalies(second.engine)).map((anomaly) => anomaly.id)).toEqual(anomaliesBefore.map((anomaly) => anomaly.id));
    expect((await firingInsights(second.engine)).map((alert) => alert.labels.insight)).toEqual(alertsBefore.map((alert) => alert.labels.insight));
    expect(statuses()).toEqual(['firing']);

    // It recovers: the anomaly ends and its alert resolves, once.
    second.feed(12, 0.05);
    await waitFor(() => statuses().includes('resolved'), { what: `the resolution (sent: ${statuses().join(', ')})` });
    second.clock.advance(MINUTE);
    await second.engine.notify.deliveriesIdle();
    expect(statuses()).toEqual(['firing', 'resolved']);
    expect(await openAnomalies(second.engine)).toEqual([]);
    expect(await firingInsights(second.engine)).toEqual([]);
  });
  it('ends at the start of an engine whose workspace no longer scores its series, and its alert resolves', async () => {
    const receiver = await HttpReceiver.start();
    const file = writeFile(tempDir(), 'zervigo.yaml', workspace(receiver.url));
    const dataDir = tempDir();
    const statuses = (): string[] => receiver.requests.map((request) => (request.body as AlertmanagerWebhookPayload).status);
    const first = startEngine(file, { dataDir });
    first.feed(300, 0.05);
    first.feed(30, 0.5);
    await waitFor(() => receiver.requests.length >= 1, { what: 'the anomaly insight firing' });
    await engines.splice(engines.indexOf(first.engine), 1)[0]?.stop();

    fs.writeFileSync(file, workspace(receiver.url).replace("select: ['latency_seconds']", "select: ['cpu_seconds']"));
    const second = startEngine(file, { dataDir, from: first.clock.now() + 30_000, first: first.fed() });
    const insights = (await second.engine.dispatch('insights.list', {}, context)) as InsightsView;
    expect(insights.anomalies.map((anomaly) => anomaly.endedAt)).toEqual([first.clock.now() + 30_000]);
    second.clock.advance(MINUTE);
    await waitFor(() => statuses().includes('resolved'), { what: `the resolution (sent: ${statuses().join(', ')})` });
    expect(statuses()).toEqual(['firing', 'resolved']);
  });
});

describe('which insights become alerts', () => {
  const config = { enabled: true, anomalies: true, anomalies_for: 2 * MINUTE, forecasts_within: 6 * 3_600_000, advice: true, findings: true };
  const forecast = (secondsUntil: number, status: ForecastInsight['status'] = 'fills'): ForecastInsight => ({
    kind: 'forecast',
    id: 'forecast-disk-95',
    series: { metric: 'system_disk_used_percent', labels: { mount: '/' }, selector: 'system_disk_used_percent{mount="/"}' },
    service: null,
    threshold: 95,
    direction: 'up',
    status,
    secondsUntil,
    interval: null,
    level: 80,
    at: 0,
    summary: 'fills in some hours',
  });
  const now = { now: 0, incidents: [], advice: [], forecastsKnown: true };

  it('raises a forecast within the horizon (critical once crossed), keeps it until twice the horizon away, and not beyond', () => {
    expect(insightAlerts(config, { ...now, forecasts: [forecast(7 * 3600)] })).toEqual([]);
    expect(insightAlerts(config, { ...now, forecasts: [forecast(5 * 3600)] })[0]?.labels).toMatchObject({
      insight_kind: 'forecast',
      metric: 'system_disk_used_percent',
      threshold: '95',
      severity: 'warning',
    });
    expect(insightAlerts(config, { ...now, forecasts: [forecast(0, 'crossed')] })[0]?.labels.severity).toBe('critical');
    const raised = new Set(['forecast-disk-95']);
    expect(insightAlerts(config, { ...now, forecasts: [forecast(11 * 3600)] }, raised)).toHaveLength(1);
    expect(insightAlerts(config, { ...now, forecasts: [forecast(13 * 3600)] }, raised)).toEqual([]);
  });

  it('raises each insight once, resolves what ended, and resolves everything once notify is turned off', () => {
    const firing: InsightAlert[] = [];
    const calls: string[] = [];
    const port: InsightAlertPort = {
      firing: () => firing,
      raise: (alert) => {
        calls.push(`raise ${alert.labels.insight}`);
        firing.push({ labels: { alertname: alert.alertname, ...alert.labels }, annotations: alert.annotations });
      },
      resolve: (alert) => {
        calls.push(`resolve ${alert.labels.insight}`);
        firing.splice(
          firing.findIndex((one) => one.labels.insight === alert.labels.insight),
          1,
        );
      },
    };
    const filling = { ...now, forecasts: [forecast(3600)] };
    syncInsightAlerts(port, config, filling);
    syncInsightAlerts(port, config, filling);
    expect(calls).toEqual(['raise forecast-disk-95']);
    // Before forecasts are worked out again (a restart), the raised one is kept; after, it ends.
    syncInsightAlerts(port, config, { ...now, forecasts: [], forecastsKnown: false });
    expect(calls).toHaveLength(1);
    syncInsightAlerts(port, config, { ...now, forecasts: [] });
    expect(calls).toEqual(['raise forecast-disk-95', 'resolve forecast-disk-95']);
    syncInsightAlerts(port, config, filling);
    syncInsightAlerts(port, { ...config, enabled: false }, { ...filling, forecastsKnown: false });
    expect(calls.slice(2)).toEqual(['raise forecast-disk-95', 'resolve forecast-disk-95']);
  });
});
