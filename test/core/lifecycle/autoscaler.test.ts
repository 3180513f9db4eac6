import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/logger';
import { Autoscaler } from '../../../src/core/lifecycle/autoscaler';
import { FakeClock } from '../../helpers/fake-clock';

/** An autoscaler over a count held here, with rules whose firing the test sets. */
function setUp() {
  const clock = new FakeClock();
  const state = {
    count: 1,
    up: false,
    down: false,
    paused: undefined as { by: string | null } | undefined,
    changes: [] as string[],
    scaledByHandAt: undefined as number | undefined,
  };
  const scaler = new Autoscaler({
    clock,
    logger: silentLogger,
    fires: (expr) => (expr === 'load_high' ? state.up : state.down),
    replicaCount: () => state.count,
    scale: async (_service, count, actor, reason) => {
      state.changes.push(`${state.count}→${count} by ${actor}: ${reason}`);
      state.count = count;
      return { ok: true, summary: 'ok' };
    },
    pausedBy: () => state.paused,
    lastScaledAt: () => state.scaledByHandAt,
  });
  scaler.apply({ web: { scale: { min: 1, max: 3, up: 'load_high', down: 'load_low', every: 3_600_000, cooldown: 60_000 } } });
  return { clock, state, scaler };
}

describe('scale: replicas follow rules, one step per cooldown', () => {
  it('adds a replica while up fires and removes one while down fires, within min..max, each change with its reason', async () => {
    const { state, scaler } = setUp();
    state.up = true;
    expect(await scaler.evaluate('web')).toEqual({ action: 'up', from: 1, to: 2, reason: 'scale up: load_high returned a sample' });
    expect(state.changes).toEqual(['1→2 by scale:web: scale up: load_high returned a sample']);
  });

  it('a flapping rule is held by the cooldown: at most one change per cooldown, whichever way it flaps', async () => {
    const { clock, state, scaler } = setUp();
    state.up = true;
    await scaler.evaluate('web');
    state.up = false;
    state.down = true;
    const held = await scaler.evaluate('web');
    expect(held).toMatchObject({ action: 'hold' });
    expect(held.action === 'hold' ? held.reason : '').toContain('down rule fires, held by the cooldown until');
    clock.advance(59_000);
    expect((await scaler.evaluate('web')).action).toBe('hold');
    clock.advance(1_000);
    expect(await scaler.evaluate('web')).toMatchObject({ action: 'down', from: 2, to: 1 });
    // At min: down firing changes nothing.
    clock.advance(60_000);
    expect(await scaler.evaluate('web')).toEqual({ action: 'none' });
    expect(state.changes).toHaveLength(2);
  });

  it("a person's scale starts the cooldown too: a rule does not undo it at once", async () => {
    const { clock, state, scaler } = setUp();
    state.count = 3;
    state.scaledByHandAt = clock.now();
    state.down = true;
    expect(await scaler.evaluate('web')).toMatchObject({ action: 'hold' });
    clock.advance(60_000);
    expect(await scaler.evaluate('web')).toMatchObject({ action: 'down', from: 3, to: 2 });
  });

  it('never goes past max, and paused automation holds it', async () => {
    const { clock, state, scaler } = setUp();
    state.up = true;
    state.paused = { by: 'ada' };
    expect(await scaler.evaluate('web')).toEqual({ action: 'hold', reason: 'automation is paused by ada' });
    state.paused = undefined;
    for (let step = 0; step < 4; step += 1) {
      await scaler.evaluate('web');
      clock.advance(60_000);
    }
    expect(state.count).toBe(3);
    expect(state.changes).toHaveLength(2);
    scaler.stop();
  });
});
