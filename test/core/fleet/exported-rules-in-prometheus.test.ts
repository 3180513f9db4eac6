import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import { signalChild } from '../../../src/core/process/signal-child';
import { requirePrometheus, startPrometheus, type RunningPrometheus } from '../../helpers/prometheus';
import { tempDir, writeFile } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';

/**
 * The rules Zervigo exports run unchanged in the Prometheus that receives its remote_write:
 * the same samples, the same rule, the same alert firing in both.
 */
describe('exported rules in the Prometheus that receives remote_write', () => {
  let prometheus: RunningPrometheus | null = null;
  let engine: Engine | null = null;
  let feeder: NodeJS.Timeout | null = null;

  beforeAll(() => requirePrometheus());
  afterEach(async () => {
    if (feeder !== null) clearInterval(feeder);
    await engine?.stop();
    await prometheus?.stop();
    engine = null;
    prometheus = null;
  });

  it('fires the same alert in Prometheus as in Zervigo', async () => {
    const work = tempDir();
    // The rule file is written from Zervigo's export before Prometheus starts; the URL is known after.
    const rules = path.join(work, 'rules.yml');
    fs.writeFileSync(rules, 'groups: []\n');
    prometheus = await startPrometheus(path.join(work, 'tsdb'), work, { ruleFile: rules, remoteWriteReceiver: true });
    const file = writeFile(
      work,
      'zervigo.yaml',
      `version: 1
evaluation_interval: 1s
rules:
  - alert: QueueTooDeep
    expr: zervigo_test_queue_depth{queue="orders"} > 100
    for: 2s
    labels: { severity: warning }
    annotations: { summary: "queue {{ $labels.queue }} holds {{ $value }}" }
remote_write:
  - url: ${prometheus.url}/api/v1/write
    queue: { batch_send_deadline: 200ms }
`,
    );
    engine = Engine.start({ dataDir: path.join(work, 'data'), workspacePath: file, shell: 'server', logger: silentLogger, processEnv: {}, tickMs: 250 });
    const context = { actor: 'tester', transport: 'internal' } as const;
    fs.writeFileSync(rules, (await engine.dispatch('rules.export', undefined, context)) as string);
    // Without --web.enable-lifecycle, Prometheus reads its rule files again on SIGHUP.
    signalChild(prometheus.child, 'SIGHUP');
    await waitFor(async () => ((await (await fetch(`${prometheus?.url}/api/v1/rules`)).json()) as { data: { groups: unknown[] } }).data.groups.length === 1, {
      timeoutMs: 10_000,
      what: 'Prometheus to load the exported rules',
    });

    const live = engine;
    feeder = setInterval(() => live.series.writer.appendNamed('zervigo_test_queue_depth', { queue: 'orders' }, Date.now(), 150), 250);

    const inZervigo = await waitFor(
      async () =>
        ((await live.dispatch('alerts.list', undefined, context)) as { alertname: string; state: string; labels: Record<string, string> }[]).find(
          (alert) => alert.state === 'firing',
        ),
      {
        timeoutMs: 20_000,
        what: 'the alert firing in Zervigo',
      },
    );
    const inPrometheus = await waitFor(
      async () => {
        const data = (await prometheus?.query('ALERTS{alertstate="firing"}', Date.now())) as { result: { metric: Record<string, string> }[] };
        return data.result[0]?.metric;
      },
      { timeoutMs: 20_000, what: 'the same alert firing in Prometheus' },
    );
    expect(inZervigo.alertname).toBe('QueueTooDeep');
    const { __name__: _name, alertstate: _state, ...labels } = inPrometheus;
    expect(labels).toEqual(inZervigo.labels);
  }, 60_000);
});
