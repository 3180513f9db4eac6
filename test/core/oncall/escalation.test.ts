import { describe, expect, it } from 'vitest';
import type { AlertmanagerWebhookPayload } from '../../../src/core/notify/channels/webhook';
import { HttpReceiver } from '../../helpers/http-receiver';
import { addPerson } from '../../helpers/people';
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

const body = (receiver: HttpReceiver, i: number) => receiver.requests[i]?.body as AlertmanagerWebhookPayload | undefined;

describe('escalation policies', () => {
  it("pages level 1 through the on-call person's webhook, and level 2 when nobody acknowledges within its time", async () => {
    const { h, alice, bob } = await openWithPeople();
    raise(h);
    await waitFor(() => alice.requests.length === 1, { what: 'level 1 (alice) paged' });
    expect(alice.requests[0]?.path).toBe('/alice');
    expect(body(alice, 0)).toMatchObject({ status: 'firing', commonAnnotations: { oncall_person: 'alice', oncall_level: '1', oncall_policy: 'primary' } });
    expect(body(alice, 0)?.alerts[0]?.labels.alertname).toBe('ApiDown');

    await minutes(h, 4);
    expect(bob.requests).toHaveLength(0);
    await minutes(h, 1);
    await waitFor(() => bob.requests.length === 1, { what: 'level 2 (bob) paged after 5 minutes' });
    expect(body(bob, 0)).toMatchObject({ commonAnnotations: { oncall_person: 'bob', oncall_level: '2' } });
    expect(alice.requests).toHaveLength(1);

    const [escalation] = await h.call('oncall.escalations', { state: 'pending', limit: 10 });
    expect(escalation).toMatchObject({ policy: 'primary', state: 'pending', level: 2, levels: 2, nextAt: h.clock.now() + 10 * 60_000 });
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
    await minutes(h, 5);
    await waitFor(() => alice.requests.length === 2, { what: 'round 2' });
    await minutes(h, 5);
    expect(alice.requests).toHaveLength(2);
    expect((await h.call('oncall.escalations'))[0]?.state).toBe('exhausted');
  });
});
