import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import { ANOMALY_ALARM_SCORE, type InsightsView } from '../../../src/shared/types/insights';
import { FakeClock } from '../../helpers/fake-clock';
import { tempDir, writeFile } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';

/**
 * A chart shades (and tags "anomalous") where anomaly_score is at the alarm level; the Insights
 * page lists anomaly episodes. Every score at the alarm level must belong to an episode the list
 * shows as going on, or the two disagree.
 */
const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

const context = { actor: 'test', transport: 'internal' } as const;
const STEP = 10_000;

/** Deterministic noise in [-1, 1]. */
function noise(i: number): number {
  const x = Math.sin(i * 12.9898 + 78.233) * 43758.5453;
  return 2 * (x - Math.floor(x)) - 1;
}

describe('the chart and the Insights list agree', () => {
  it('lists an anomaly again when a series that fell silent mid-anomaly (its episode ended) comes back still departed and scores at the alarm level', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 0, 0, 0));
    const file = writeFile(
      tempDir(),
      'zervigo.yaml',
      `version: 1\nmachine: false\nanalysis:\n  anomalies:\n    select: ['probe_duration_seconds']\n  forecasts: []\n`,
    );
    const engine = Engine.start({ dataDir: tempDir(), workspacePath: file, shell: 'server', logger: silentLogger, processEnv: {}, clock, tickMs: 1_000 });
    engines.push(engine);
    const insights = (): Promise<InsightsView> => engine.dispatch('insights.list', {}, context) as Promise<InsightsView>;
    const id = engine.series.index.idOf('probe_duration_seconds', { service: 'api' });
    const feed = (from: number, to: number, level: number): void => {
      for (let i = from; i < to; i++) {
        engine.series.writer.append(id, clock.now(), level + 0.005 * noise(i));
        clock.advance(STEP);
      }
    };
    feed(0, 300, 0.05);
    feed(300, 305, 0.5);
    expect((await insights()).anomalies.map((anomaly) => anomaly.endedAt)).toEqual([null]);
    // The probe is paused: after 5 minutes without a sample the episode ends in the list.
    await waitFor(
      async () => {
        clock.advance(60_000);
        return (await insights()).anomalies[0]?.endedAt !== null;
      },
      { what: 'the silent episode to end', timeoutMs: 20_000 },
    );
    // It resumes, still slow: scores at the alarm level, and the list shows an anomaly going on from then.
    const resumedAt = clock.now();
    feed(341, 350, 0.5);
    const [score] = engine.series.index.select('anomaly_score', [{ name: 'service', type: '=', value: 'api' }]);
    const resumed = [...engine.series.reader.readRaw(score?.id ?? -1, resumedAt, clock.now()).values];
    expect(resumed.length).toBeGreaterThan(0);
    expect(resumed.every((value) => value >= ANOMALY_ALARM_SCORE)).toBe(true);
    const ongoing = (await insights()).anomalies.filter((anomaly) => anomaly.endedAt === null);
    expect(ongoing).toHaveLength(1);
    expect(ongoing[0]).toMatchObject({ service: 'api', startedAt: resumedAt });
    expect(ongoing[0]?.typical).toBeCloseTo(0.05, 2);
  });
});
