import { describe, expect, it } from 'vitest';
import { createPluginCheck, PLUGIN_ANSWER_GRACE_MS } from '../../../src/core/monitoring/kinds/plugin-probe';

/** A plugin that gave up at its own deadline on a busy machine still gets its reason through. */
describe('a plugin probe check at its timeout', () => {
  it("waits a moment after the scheduler's abort for the plugin's own reason, and tells the host that grace", async () => {
    const controller = new AbortController();
    let graceAsked: number | null = null;
    const check = createPluginCheck('mysql', 'mysql', {}, 1_000, (_kind, _options, _timeoutMs, graceMs) => {
      graceAsked = graceMs;
      // The plugin's own timeout answer, arriving just after the scheduler aborted.
      return new Promise((resolve) =>
        controller.signal.addEventListener('abort', () => setTimeout(() => resolve({ ok: false, reason: 'no answer from db:3306 within 800 ms' }), 20)),
      );
    });
    const result = check(controller.signal);
    controller.abort();
    expect(await result).toMatchObject({ ok: false, reason: 'no answer from db:3306 within 800 ms' });
    expect(graceAsked).toBe(PLUGIN_ANSWER_GRACE_MS);
  });

  it('says the plugin did not answer when nothing comes within the grace', async () => {
    const controller = new AbortController();
    const check = createPluginCheck('mysql', 'mysql', {}, 1_000, () => new Promise(() => {}));
    const result = check(controller.signal);
    controller.abort();
    expect(await result).toMatchObject({ ok: false, reason: 'plugin mysql did not answer probe.check mysql within 1000 ms' });
  });
});
