import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { describeInsights } from '../../../src/cli/commands/insights';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import { loadUndici } from '../../../src/core/monitoring/lazy-undici';
import type { InsightsView } from '../../../src/shared/types/insights';
import { startTarget } from '../../helpers/http-target';
import { tempDir, writeFile } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';

/**
 * Samples that get no anomaly score are told to the operator with the reason, in the notices of
 * insights.list (GET /api/v1/insights, `zervigo insights`, the Insights page): NaN and infinities
 * a real /metrics endpoint sends (the store cannot keep them), and a selected series still learning.
 */
beforeAll(async () => {
  await loadUndici();
});

const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

const context = { actor: 'test', transport: 'internal' } as const;
const insights = (engine: Engine): Promise<InsightsView> => engine.dispatch('insights.list', {}, context) as Promise<InsightsView>;

const exposition = `# TYPE queue_depth gauge
queue_depth{queue="mail"} NaN
queue_depth{queue="jobs"} 4
# TYPE temperature_celsius gauge
temperature_celsius +Inf
pressure_pascal -Inf
`;

describe('samples without a score are told, with why', () => {
  it('names series a real /metrics endpoint sends NaN or infinities for (not stored, not scored), and a selected series still learning', async () => {
    const target = await startTarget({ '/metrics': (_request, response) => response.writeHead(200, { 'content-type': 'text/plain' }).end(exposition) });
    const file = writeFile(
      tempDir(),
      'zervigo.yaml',
      `version: 1
machine: false
services:
  api:
    probes:
      - prometheus: ${target.url}/metrics
        every: 100ms
        timeout: 90ms
analysis:
  anomalies:
    select: ['queue_depth']
  forecasts: []
`,
    );
    const engine = Engine.start({
      dataDir: tempDir(),
      workspacePath: file,
      shell: 'server',
      logger: silentLogger,
      processEnv: {},
      tickMs: 100,
      probeSpreadMs: 0,
    });
    engines.push(engine);

    const nonFinite = await waitFor(
      async () => {
        const notice = (await insights(engine)).notices.find((one) => one.id === 'notice-unscored-non-finite');
        // Three scrapes in: every one of the three series sent at least one refused sample.
        return notice !== undefined && /^3 series sent NaN or infinite values \(([3-9]|\d\d+) samples/.test(notice.summary) ? notice : undefined;
      },
      { what: 'a notice naming the series that sent NaN or infinities', timeoutMs: 15_000 },
    );
    expect(nonFinite.summary).toMatch(/\), not stored and not scored — first /);
    for (const series of [
      /queue_depth\{[^}]*queue="mail",service="api"\}/,
      /temperature_celsius\{[^}]*service="api"\}/,
      /pressure_pascal\{[^}]*service="api"\}/,
    ])
      expect(nonFinite.summary).toMatch(series);
    expect(nonFinite.summary).not.toContain('queue="jobs"');

    // The selected series with finite values is scored after it has learned; until then it says so.
    const view = await insights(engine);
    const learning = view.notices.find((one) => one.id === 'notice-learning');
    expect(learning?.summary).toMatch(
      /^1 selected series has no anomaly score yet: each is scored from its 100th sample on, once its usual behaviour is learned — queue_depth\{[^}]*queue="jobs",service="api"\} \(\d+ of 100 samples\)$/,
    );
    // `zervigo insights` prints the same notices.
    expect(describeInsights(view)).toContain(`note: ${nonFinite.summary}`);
  });
});
