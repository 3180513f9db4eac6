import { describe, expect, it } from 'vitest';
import type { AlertmanagerWebhookPayload } from '../../../src/core/notify/channels/webhook';
import { HttpReceiver } from '../../helpers/http-receiver';
import type { CommandInput } from '../../../src/shared/contract';
import { addPerson, createToken } from '../../helpers/people';
import { waitFor } from '../../helpers/wait-for';
import { AlertingHarness } from '../rules/alerting-harness';

const MINUTE = 60;

/** Alice is on call (a weekly rotation of one, Berlin time); bob is level 2; each has a webhook of their own on 127.0.0.1. */
function workspace(alice: HttpReceiver, bob: HttpReceiver, levels = '[{ schedule: primary, after: 5m }, { person: bob, after: 10m }]'): string {
  return `version: 1
routes:
  - notify: [oncall:primary]
    group_wait: 0s
    repeat: 4h
channels:
  alice-hook: { webhook: { url: "${alice.url}/alice" } }
  bob-hook: { webhook: { url: "${bob.url}/bob" } }
on_call:
  contacts:
    alice: [alice-hook]
    bob: [bob-hook]
  schedules:
    primary:
      time_zone: Europe/Berlin
      layers:
        - { people: [alice], length: weekly, hand_off: "09:00", start: "2026-11-02" }
  escalations:
    primary:
      levels: ${levels}
`;
}

async function openWithPeople(levels?: string) {
  const alice = await HttpReceiver.start();
  const bob = await HttpReceiver.start();
  const h = AlertingHarness.open(workspace(alice, bob, levels));
  await addPerson(h.engine, 'alice', 'operator');
  await addPerson(h.engine, 'bob', 'operator');
  return { h, alice, bob };
}

const raise = (h: AlertingHarness) =>
  h.engine.notify.raiseExternal({ alertname: 'ApiDown', labels: { service: 'api', severity: 'critical' }, annotations: { summary: 'api is down' } });

/** Runs the clock a minute at a time, letting what each minute made due be delivered. */
async function minutes(h: AlertingHarness, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    h.run(MINUTE);
    await h.engine.notify.deliveriesIdle();
  }
}

/** The person as they call over HTTP with a token of their own ("alice (token alice-1a2b)" in the audit log). */
async function principalOf(h: AlertingHarness, person: string) {
  const { token } = await createToken(h.engine, person, { name: 'pager' });
  const resolved = h.engine.auth.resolveBearer(token);
  if (!resolved.ok) throw new Error(resolved.message);
  return resolved.principal;
}

async function acknowledgeAs(h: AlertingHarness, person: string, input: CommandInput<'oncall.acknowledge'>) {
  return h.engine.dispatch('oncall.acknowledge', input, { actor: 'api', transport: 'http', principal: await principalOf(h, person) });
}

const body = (receiver: HttpReceiver, i: number) => receiver.requests[i]?.body as AlertmanagerWebhookPayload | undefined;

describe('escalation policies', () => {
  it("pages level 1 through the on-call person's webhook, and level 2 when nobody acknowledges within its time", async () => {
    const { h, alice, bob } = await openWithPeople();
    raise(h);
    await waitFor(() => alice.requests.length === 1, { what: 'level 1 (alice) paged' });
    expect(alice.requests[0]?.path).toBe('/alice');
    expect(body(alice, 0)).toMatchObject({ status: 'firing', commonAnnotations: { oncall_person: 'alice', oncall_level: '1', oncall_policy: 'primary' } });
    expect(body(alice, 0)?.alerts[0]?.labels.alertname).toBe('ApiDown');

    expect((await h.call('oncall.escalations'))[0]?.next).toEqual({ kind: 'level', level: 2 });
    await minutes(h, 4);
    expect(bob.requests).toHaveLength(0);
    await minutes(h, 1);
    await waitFor(() => bob.requests.length === 1, { what: 'level 2 (bob) paged after 5 minutes' });
    expect(body(bob, 0)).toMatchObject({ commonAnnotations: { oncall_person: 'bob', oncall_level: '2' } });
    expect(alice.requests).toHaveLength(1);

    const [escalation] = await h.call('oncall.escalations', { state: 'pending', limit: 10 });
    expect(escalation).toMatchObject({ policy: 'primary', state: 'pending', level: 2, levels: 2, nextAt: h.clock.now() + 10 * 60_000 });
    expect(escalation?.next).toEqual({ kind: 'end' }); // the last level: nothing is paged at nextAt
    expect(escalation?.pages.map((page) => `${page.level}:${page.person}:${page.outcome}`)).toEqual(['1:alice:paged', '2:bob:paged']);

    // After the last level nobody is left: the escalation ends, saying so in the audit log.
    await minutes(h, 10);
    expect((await h.call('oncall.escalations'))[0]?.state).toBe('exhausted');
    const audit = await h.call('audit.list', { action: 'oncall.escalate', limit: 10 });
    expect(audit.map((entry) => entry.message)).toContain('nobody acknowledged [FIRING:1] ApiDown after every level of "primary"');
  });

  it('stops once the alert is acknowledged, recording who acknowledged and when', async () => {
    const { h, alice, bob } = await openWithPeople();
    const alert = raise(h);
    await waitFor(() => alice.requests.length === 1, { what: 'level 1 paged' });
    await minutes(h, 2);
    const ackedAt = h.clock.now();
    await h.call('alerts.acknowledge', { fingerprint: alert.fingerprint, comment: 'looking' });
    await minutes(h, 30);
    expect(bob.requests).toHaveLength(0);
    const [escalation] = await h.call('oncall.escalations');
    expect(escalation).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'tester', acknowledgedAt: ackedAt, nextAt: null, level: 1 });
    expect(await h.call('oncall.escalations', { state: 'pending', limit: 10 })).toEqual([]);
    const audit = await h.call('audit.list', { action: 'oncall.acknowledge', limit: 10 });
    expect(audit[0]).toMatchObject({ actor: 'tester', outcome: 'ok' });
    expect(audit[0]?.message).toContain('tester acknowledged [FIRING:1] ApiDown at level 1');

    // Resolution tells whoever was paged, through the channel they were paged on.
    h.engine.notify.resolveExternal({ alertname: 'ApiDown', labels: { service: 'api', severity: 'critical' } });
    await minutes(h, 5); // the group's next flush (group_interval)
    await waitFor(() => alice.requests.length === 2, { what: 'alice told it resolved' });
    expect(body(alice, 1)?.status).toBe('resolved');
    expect((await h.call('oncall.escalations'))[0]).toMatchObject({ state: 'resolved', acknowledgedBy: 'tester' });
  });

  it('pages no further level once the alerts stopped firing, and tells whoever was paged that they resolved', async () => {
    const { h, alice, bob } = await openWithPeople();
    raise(h);
    await waitFor(() => alice.requests.length === 1, { what: 'level 1 paged' });
    await minutes(h, 2);
    h.engine.notify.resolveExternal({ alertname: 'ApiDown', labels: { service: 'api', severity: 'critical' } });
    await minutes(h, 20);
    await waitFor(() => alice.requests.length === 2, { what: 'alice told it resolved' });
    expect(body(alice, 1)?.status).toBe('resolved');
    expect(bob.requests).toHaveLength(0);
    expect((await h.call('oncall.escalations'))[0]).toMatchObject({ state: 'resolved', level: 1, acknowledgedBy: null });
  });

  it('skips a level whose person was removed, with an audited message, and pages the next at once', async () => {
    const { h, alice, bob } = await openWithPeople();
    await h.call('users.remove', { name: 'alice' });
    raise(h);
    await waitFor(() => bob.requests.length === 1, { what: 'level 2 (bob) paged at once' });
    expect(alice.requests).toHaveLength(0);
    const [escalation] = await h.call('oncall.escalations');
    expect(escalation?.pages.map((page) => `${page.level}:${page.person}:${page.outcome}`)).toEqual(['1:alice:skipped', '2:bob:paged']);
    expect(escalation?.pages[0]?.message).toContain('alice is not a user (removed?)');
    const skipped = await h.call('audit.list', { action: 'oncall.escalate', outcome: 'skipped', limit: 10 });
    expect(skipped[0]?.message).toContain('level 1 skipped: alice is not a user');
  });

  it('keeps its timer across a restart: the next level is paged when due, even if that passed while stopped', async () => {
    const { h, alice, bob } = await openWithPeople();
    raise(h);
    await waitFor(() => alice.requests.length === 1, { what: 'level 1 paged' });
    await minutes(h, 2);
    // Stopped for 10 minutes: level 2 came due meanwhile.
    await h.restart(() => h.clock.set(h.clock.now() + 10 * 60_000));
    await waitFor(() => bob.requests.length === 1, { what: 'level 2 paged after the restart' });
    expect(alice.requests).toHaveLength(1);
    expect((await h.call('oncall.escalations', { state: 'pending', limit: 5 }))[0]).toMatchObject({ level: 2 });
  });

  it('repeats the policy from level 1 as many times as repeat says', async () => {
    const alice = await HttpReceiver.start();
    const bob = await HttpReceiver.start();
    const h = AlertingHarness.open(workspace(alice, bob, '[{ person: alice, after: 5m }]').replace('      levels:', '      repeat: 1\n      levels:'));
    await addPerson(h.engine, 'alice', 'operator');
    raise(h);
    await waitFor(() => alice.requests.length === 1, { what: 'round 1' });
    expect((await h.call('oncall.escalations'))[0]?.next).toEqual({ kind: 'repeat', round: 2, rounds: 2 });
    await minutes(h, 5);
    await waitFor(() => alice.requests.length === 2, { what: 'round 2' });
    expect((await h.call('oncall.escalations'))[0]?.next).toEqual({ kind: 'end' });
    await minutes(h, 5);
    expect(alice.requests).toHaveLength(2);
    const [ended] = await h.call('oncall.escalations');
    expect(ended).toMatchObject({ state: 'exhausted', nextAt: null, next: null });
  });

  describe('oncall.acknowledge', () => {
    it('the person paged acknowledges the page: no further level, the alert acknowledged in their name, audited; no reminder pages again', async () => {
      const { h, alice, bob } = await openWithPeople();
      const alert = raise(h);
      await waitFor(() => alice.requests.length === 1, { what: 'level 1 (alice) paged' });
      const [pending] = await h.call('oncall.escalations', { state: 'pending', limit: 5 });
      await minutes(h, 3);
      const ackedAt = h.clock.now();
      const view = await acknowledgeAs(h, 'alice', { id: pending?.id ?? 0, comment: 'on it' });
      expect(view).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'alice (token pager)', acknowledgedAt: ackedAt, nextAt: null, level: 1 });

      // Level 2 would have been due 2 minutes later; the route's 4 h reminder comes and goes too.
      await minutes(h, 30);
      h.run(4 * 3600);
      await h.engine.notify.deliveriesIdle();
      await minutes(h, 5);
      expect(bob.requests, `bob was paged: ${JSON.stringify(bob.requests.map((r) => r.body))}`).toHaveLength(0);
      expect(alice.requests, 'alice was paged again after acknowledging').toHaveLength(1);
      expect(await h.call('oncall.escalations', { state: 'pending', limit: 5 })).toEqual([]);
      const [alertView] = await h.call('alerts.list', { state: 'firing' });
      expect(alertView?.fingerprint).toBe(alert.fingerprint);
      expect(alertView?.ack).toMatchObject({ by: 'alice (token pager)', at: ackedAt, comment: 'on it' });
      const audit = await h.call('audit.list', { action: 'oncall.acknowledge', limit: 10 });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor: 'alice (token pager)', outcome: 'ok', target: 'primary' });
      expect(audit[0]?.message).toBe(
        `alice (token pager) acknowledged [FIRING:1] ApiDown at level 1: escalation #${pending?.id} stopped (paged: alice) — on it`,
      );
    });

    it('level 2 acknowledging stops the policy before it runs out; a second acknowledgement is refused naming the first', async () => {
      const { h, alice, bob } = await openWithPeople();
      raise(h);
      await waitFor(() => alice.requests.length === 1, { what: 'level 1 paged' });
      await minutes(h, 5);
      await waitFor(() => bob.requests.length === 1, { what: 'level 2 (bob) paged after 5 minutes' });
      const [pending] = await h.call('oncall.escalations', { state: 'pending', limit: 5 });
      expect(pending).toMatchObject({ level: 2, nextAt: h.clock.now() + 10 * 60_000 });
      await minutes(h, 9); // a minute before the policy would run out
      await acknowledgeAs(h, 'bob', { id: pending?.id ?? 0 });
      await minutes(h, 20);
      const [ended] = await h.call('oncall.escalations');
      expect(ended).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'bob (token pager)', level: 2 });
      expect((await h.call('audit.list', { action: 'oncall.escalate', outcome: 'failed', limit: 5 })).map((entry) => entry.message)).toEqual([]);
      await expect(acknowledgeAs(h, 'alice', { id: pending?.id ?? 0 })).rejects.toThrow(
        `escalation #${pending?.id} ([FIRING:1] ApiDown) was already acknowledged by bob (token pager) at ${new Date(ended?.acknowledgedAt ?? 0).toISOString()}`,
      );
      await expect(h.call('oncall.acknowledge', { id: 999 })).rejects.toThrow('no escalation #999; `zervigo oncall escalations --all` lists them');
    });

    it('one that ran out of levels can be acknowledged late (it still says nobody answered); a resolved one cannot', async () => {
      const { h, alice, bob } = await openWithPeople();
      raise(h);
      await waitFor(() => alice.requests.length === 1, { what: 'level 1 paged' });
      await minutes(h, 15);
      await waitFor(() => bob.requests.length === 1, { what: 'level 2 paged' });
      const [exhausted] = await h.call('oncall.escalations');
      expect(exhausted?.state).toBe('exhausted');
      const late = await acknowledgeAs(h, 'bob', { id: exhausted?.id ?? 0 });
      expect(late).toMatchObject({ state: 'exhausted', acknowledgedBy: 'bob (token pager)' });
      expect((await h.call('audit.list', { action: 'oncall.acknowledge', limit: 5 }))[0]?.message).toContain(
        'had already run out of levels (paged: alice, bob)',
      );

      const second = await openWithPeople();
      second.h.engine.notify.raiseExternal({ alertname: 'DbDown', labels: { service: 'db', severity: 'critical' } });
      await waitFor(() => second.alice.requests.length === 1, { what: 'level 1 paged' });
      second.h.engine.notify.resolveExternal({ alertname: 'DbDown', labels: { service: 'db', severity: 'critical' } });
      await minutes(second.h, 6);
      const [resolved] = await second.h.call('oncall.escalations');
      expect(resolved?.state).toBe('resolved');
      await expect(second.h.call('oncall.acknowledge', { id: resolved?.id ?? 0 })).rejects.toThrow(
        /ended when its alerts resolved at .*; there is nothing to acknowledge/,
      );
    });
  });
});
