import { describe, expect, it } from 'vitest';
import { harness } from './harness';

/**
 * What an operation reports for a service that failed while the rest of it went on, on fake
 * time: a start claims only what lasted to the operation's end, however fast the service was
 * healed (a first failure after a clean run is restarted at once).
 */
const yaml = `version: 1
services:
  slow:  { start: ./slow, probes: [{ tcp: "127.0.0.1:9" }] }
  flaky: { start: ./flaky }
`;

/** Starts both; flaky (no probes) is ready after 1 s, slow once the test says its probe passes. */
async function startingBoth() {
  const h = await harness(yaml);
  const operation = h.manager.run('start', [], 'operator');
  await h.advance(1_000);
  expect(h.status('flaky')?.status).toBe('running');
  const finish = async () => {
    h.health.set('slow', 'up');
    await h.advance(0);
    return operation;
  };
  return { ...h, finish };
}

describe('an operation whose service failed before it ended', () => {
  it('reports a service that was ready, ran fine and crashed as failed, though it was restarted at once', async () => {
    const h = await startingBoth();
    await h.advance(1_000);
    h.runner.current('flaky')?.exit(1);
    await h.advance(0);
    expect(h.runner.startsOf('flaky')).toBe(2);
    const result = await h.finish();
    expect(result.services.find((step) => step.service === 'flaky')).toMatchObject({
      outcome: 'failed',
      message: 'was ready, then exited with code 1; restarted at once, starting again',
    });
    expect(result.ok).toBe(false);
    expect(result.summary).toBe('Started slow; flaky failed: was ready, then exited with code 1; restarted at once, starting again');
  });

  it('reports one still waiting out its back-off with the words it shows', async () => {
    const h = await startingBoth();
    // Two runs that end within min_uptime: a crash loop, the second failure in a row backs off.
    h.runner.current('flaky')?.exit(1);
    await h.advance(1_000);
    h.runner.current('flaky')?.exit(1);
    await h.advance(0);
    expect(h.status('flaky')?.status).toBe('restarting');
    const result = await h.finish();
    expect(result.services.find((step) => step.service === 'flaky')).toMatchObject({
      outcome: 'failed',
      message: 'was ready, then exited with code 1; restarting in 1s (restart 2 of 3 within 10m)',
    });
  });

  it('still claims a start that crashed while booting and was ready after its restart', async () => {
    const h = await harness(yaml);
    const operation = h.manager.run('start', [], 'operator');
    await h.advance(500);
    h.runner.current('flaky')?.exit(1);
    await h.advance(1_200);
    expect(h.status('flaky')?.status).toBe('running');
    h.health.set('slow', 'up');
    await h.advance(0);
    const result = await operation;
    expect(result.services.find((step) => step.service === 'flaky')?.outcome).toBe('ready');
    expect(result.summary).toBe('Started slow and flaky');
  });
});
