import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine';
import { silentLogger } from '../../src/core/logger';
import type { AlertmanagerWebhookPayload } from '../../src/core/notify/channels/webhook';
import type { AlertView } from '../../src/shared/types/alerts';
import type { HealthSummary } from '../../src/shared/types/app';
import type { LogSearchResult } from '../../src/shared/types/logs';
import type { ProbeState } from '../../src/shared/types/monitoring';
import type { AuditEntry } from '../../src/shared/types/operate';
import { HttpReceiver } from '../helpers/http-receiver';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { privateTmux } from '../helpers/tmux-server';
import { waitFor } from '../helpers/wait-for';
import { contextAs } from '../helpers/principals';

const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

const context = contextAs('admin', 'operator');

function start(yaml: string) {
  const dir = tempDir();
  const engine = Engine.start({
    dataDir: tempDir(),
    workspacePath: writeFile(dir, 'zervigo.yaml', yaml),
    shell: 'server',
    logger: silentLogger,
    processEnv: {},
    probeSpreadMs: 0,
  });
  engines.push(engine);
  const call = async <T>(name: string, input?: unknown): Promise<T> => (await engine.dispatch(name, input, context)) as T;
  return { engine, call, dir };
}

/** What the service lifecycle gets from monitoring, alerting and logs once they run in one engine. */
describe('operate wired to monitoring, alerting and logs', () => {
  it('escalates a service that gave up as an alert routed to a channel, and resolves it on reset', async () => {
    const receiver = await HttpReceiver.start();
    const { engine, call, dir } = start(`version: 1
services:
  flaky:
    start: [sh, -c, "test -f fixed && exec sleep 60; exit 3"]
    restart: { backoff: 50ms..100ms, budget: 1 within 1m }
routes:
  - match: { alertname: ServiceGivenUp }
    notify: [hook]
    group_by: [service]
    group_wait: 0s
    group_interval: 1s
channels:
  hook: { webhook: { url: "${receiver.url}/alerts" }, send_resolved: true }
`);
    await waitFor(() => engine.services.list()[0]?.status === 'given_up', { timeoutMs: 10_000, what: 'the service to give up' });
    const firing = await waitFor(() => receiver.requests.find((request) => (request.body as AlertmanagerWebhookPayload).status === 'firing'), {
      timeoutMs: 10_000,
      what: 'the escalation at the receiver',
    });
    expect((firing.body as AlertmanagerWebhookPayload).alerts[0]).toMatchObject({
      labels: { alertname: 'ServiceGivenUp', service: 'flaky', severity: 'critical' },
      annotations: { summary: 'flaky gave up restarting' },
    });
    const alerts = await call<AlertView[]>('alerts.list', { state: 'firing' });
    expect(alerts.map((alert) => alert.alertname)).toEqual(['ServiceGivenUp']);
    expect((await call<HealthSummary>('health.get')).firing).toBe(1);

    fs.writeFileSync(path.join(dir, 'fixed'), '');
    await call('services.reset', { services: ['flaky'] });
    await waitFor(async () => (await call<AlertView[]>('alerts.list', { state: 'firing' })).length === 0 || undefined, {
      timeoutMs: 10_000,
      what: 'the alert to resolve',
    });
    await waitFor(() => receiver.requests.find((request) => (request.body as AlertmanagerWebhookPayload).status === 'resolved'), {
      timeoutMs: 10_000,
      what: 'the resolved notification',
    });
  });

  it("runs a rule's notify action through the outbox to the channel, audited under the rule", async () => {
    const receiver = await HttpReceiver.start();
    const { call } = start(`version: 1
evaluation_interval: 1s
rules:
  - alert: AlwaysOn
    expr: vector(1)
    labels: { team: ops }
    then: [{ notify: hook }]
channels:
  hook: { webhook: { url: "${receiver.url}/alerts" } }
`);
    const request = await waitFor(() => receiver.requests[0], { timeoutMs: 10_000, what: 'the notification of the action' });
    expect(request.body).toMatchObject({ commonAnnotations: { summary: 'AlwaysOn is firing' }, commonLabels: { alertname: 'AlwaysOn', team: 'ops' } });
    expect(request.headers['idempotency-key']).toMatch(/^action-/);
    const audit = await waitFor(
      async () => (await call<AuditEntry[]>('audit.list', { limit: 10 })).find((entry) => entry.action === 'notify' && entry.outcome !== 'running'),
      { what: 'the audited action' },
    );
    expect(audit).toMatchObject({ actor: 'rule:AlwaysOn', target: 'hook', outcome: 'ok' });
  });

  it('puts the output of a child process and of a tmux window into the logs', async () => {
    const { socket } = privateTmux();
    const { call } = start(`version: 1
tmux: { socket: ${socket} }
services:
  child: { start: [sh, -c, "echo hello-from-child; exec sleep 60"], tmux: false }
  windowed: { start: [sh, -c, "echo hello-from-tmux; exec sleep 60"], tmux: true }
`);
    for (const word of ['hello-from-child', 'hello-from-tmux']) {
      const found = await waitFor(async () => (await call<LogSearchResult>('logs.search', { query: word })).lines[0], {
        timeoutMs: 10_000,
        what: `"${word}" in the logs`,
      });
      expect(found.service).toBe(word === 'hello-from-child' ? 'child' : 'windowed');
    }
  });

  it("pauses a service's probes while its process is down and runs them again on start; `process: self` sees the pid it runs", async () => {
    const { engine, call } = start(`version: 1
services:
  worker:
    start: [sleep, "60"]
    probes: [{ process: self, every: 1s }]
`);
    const probe = async () => (await call<ProbeState[]>('probes.list')).find((state) => state.service === 'worker') as ProbeState;
    await waitFor(async () => (await probe()).status === 'up' || undefined, { timeoutMs: 10_000, what: 'the probe to pass' });
    await waitFor(() => engine.services.list()[0]?.status === 'up' || undefined, { what: 'the service to be up' });

    await call('services.stop', { services: ['worker'] });
    expect(await probe()).toMatchObject({ status: 'paused', reason: 'the service is not running; checked again as soon as it starts' });
    expect(engine.services.list()[0]?.status).toBe('stopped');

    await call('services.start', { services: ['worker'] });
    expect(await probe()).toMatchObject({ status: expect.not.stringMatching(/^paused$/) as unknown, reason: null });
    await waitFor(async () => (await probe()).status === 'up' || undefined, { timeoutMs: 10_000, what: 'the probe to pass again' });
  });
});
