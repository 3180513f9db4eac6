// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { OnCallPage } from '../../../src/renderer/src/pages/OnCallPage';
import { OnCallNow } from '../../../src/renderer/src/shell/OnCallNow';
import { useMeStore } from '../../../src/renderer/src/stores/me-store';
import type { EscalationView, OnCallNowView, OnCallScheduleView } from '../../../src/shared/types/oncall';
import { emptyEngineAnswers } from './answers';
import { recordingBridge, renderInConsole } from './render';

afterEach(() => {
  cleanup();
  useMeStore.setState({ me: null });
});

const HOUR = 3_600_000;
const now: OnCallNowView[] = [
  {
    schedule: 'primary',
    timeZone: 'Europe/Berlin',
    person: 'alice',
    source: 'rotation',
    since: 0,
    until: Date.now() + 5 * HOUR,
    next: { person: 'bob', start: Date.now() + 5 * HOUR },
  },
  { schedule: 'db', timeZone: 'UTC', person: null, source: null, since: null, until: null, next: null },
];
const schedule: OnCallScheduleView = {
  name: 'primary',
  timeZone: 'Europe/Berlin',
  layers: [
    { people: ['alice', 'bob'], lengthDays: 7, handOff: '09:00', start: '2026-11-02', end: null, restrictions: [] },
    { people: ['carol'], lengthDays: 7, handOff: '09:00', start: '2026-11-02', end: null, restrictions: ['mon-fri 09:00-17:00'] },
  ],
  overrides: [{ person: 'carol', from: Date.now() + 24 * HOUR, to: Date.now() + 48 * HOUR }],
  from: Date.now(),
  to: Date.now() + 14 * 24 * HOUR,
  shifts: [
    { person: 'alice', start: Date.now(), end: Date.now() + 24 * HOUR, source: 'rotation', layer: 1 },
    { person: 'carol', start: Date.now() + 24 * HOUR, end: Date.now() + 48 * HOUR, source: 'override', layer: null },
  ],
};
const escalation: EscalationView = {
  id: 3,
  policy: 'primary',
  groupKey: 'g',
  title: '[FIRING:1] ApiDown',
  state: 'acknowledged',
  level: 2,
  levels: 2,
  round: 0,
  startedAt: Date.now() - HOUR,
  nextAt: null,
  next: null,
  acknowledgedBy: 'bob',
  acknowledgedAt: Date.now() - HOUR / 2,
  endedAt: Date.now() - HOUR / 2,
  pages: [
    {
      at: Date.now() - HOUR,
      level: 1,
      round: 0,
      person: 'alice',
      channels: [],
      outcome: 'skipped',
      message: 'level 1 skipped: alice is not a user (removed?)',
    },
    { at: Date.now() - HOUR, level: 2, round: 0, person: 'bob', channels: ['bob-hook'], outcome: 'paged', message: 'paged bob (level 2) through bob-hook' },
  ],
};

/** The escalation while it is still paging: nobody has acknowledged, its level's time runs out in an hour. */
const underWay = (changes: Partial<EscalationView>): EscalationView => ({
  ...escalation,
  state: 'pending',
  acknowledgedBy: null,
  acknowledgedAt: null,
  endedAt: null,
  nextAt: Date.now() + HOUR,
  next: { kind: 'end' },
  ...changes,
});

describe('on-call in the console', () => {
  it('the header says who is on call now, every schedule in its label', async () => {
    renderInConsole(<OnCallNow onOpen={() => {}} />, { bridge: recordingBridge(emptyEngineAnswers({ 'oncall.now': () => now })) });
    const badge = await screen.findByTestId('oncall-now');
    expect(badge.textContent).toBe('alice +1');
    expect(screen.getByRole('button').getAttribute('aria-label')).toMatch(/^On call: primary: alice until .+; db: nobody on call$/);
  });

  it('the header shows nothing when the workspace has no schedules', async () => {
    const bridge = recordingBridge(emptyEngineAnswers());
    renderInConsole(<OnCallNow onOpen={() => {}} />, { bridge });
    await waitFor(() => expect(bridge.calls.map((call) => call.name)).toContain('oncall.now'));
    expect(screen.queryByTestId('oncall-now')).toBeNull();
  });

  it('the page lists the next two weeks of shifts with overrides marked, and who acknowledged an escalation', async () => {
    const bridge = recordingBridge(
      emptyEngineAnswers({ 'oncall.now': () => now.slice(0, 1), 'oncall.shifts': () => schedule, 'oncall.escalations': () => [escalation] }),
    );
    renderInConsole(<OnCallPage />, { bridge, path: '/oncall' });
    const card = await screen.findByTestId('oncall-schedule-primary');
    expect(card.textContent).toContain('alice → bob every week at 09:00; carol every week at 09:00, only mon-fri 09:00-17:00');
    expect(card.textContent).toContain('override');
    expect(card.textContent).toContain('Overrides: carol');
    const shifts = bridge.calls.find((call) => call.name === 'oncall.shifts')?.input as { schedule: string; from: number; to: number };
    expect(shifts.schedule).toBe('primary');
    expect(shifts.to - shifts.from).toBe(14 * 24 * HOUR);
    const row = await screen.findByTestId('oncall-escalation');
    expect(row.textContent).toContain('acknowledged by bob');
    expect(row.textContent).toContain('level 1 skipped: alice is not a user (removed?)');
  });

  it('the page shows an example when there are no schedules', async () => {
    renderInConsole(<OnCallPage />, { bridge: recordingBridge(emptyEngineAnswers()), path: '/oncall' });
    expect((await screen.findByTestId('oncall-empty')).textContent).toContain('notify: [oncall:primary]');
  });

  it('a page under way has Acknowledge, which acknowledges that escalation; an acknowledged one has none', async () => {
    const pending = underWay({ id: 7 });
    const bridge = recordingBridge(
      emptyEngineAnswers({
        'oncall.now': () => now.slice(0, 1),
        'oncall.shifts': () => schedule,
        'oncall.escalations': () => [pending, escalation],
        'oncall.acknowledge': () => ({ ...pending, state: 'acknowledged', acknowledgedBy: 'alice' }),
      }),
    );
    renderInConsole(<OnCallPage />, { bridge, path: '/oncall' });
    const rows = await screen.findAllByTestId('oncall-escalation');
    expect(rows).toHaveLength(2);
    expect(rows[0]?.textContent).toContain('#7 via primary');
    const buttons = screen.getAllByTestId('oncall-ack');
    expect(buttons).toHaveLength(1);
    expect(buttons[0]?.getAttribute('aria-label')).toBe('Acknowledge escalation #7: [FIRING:1] ApiDown');
    await userEvent.click(buttons[0] as HTMLElement);
    await waitFor(() => expect(bridge.calls.find((call) => call.name === 'oncall.acknowledge')?.input).toEqual({ id: 7, comment: '' }));
  });

  it('a page under way says what happens when its time runs out: the next level, the policy again, or nothing further', async () => {
    const pending = (id: number, levels: number, next: EscalationView['next']): EscalationView =>
      underWay({ id, level: 1, levels, nextAt: Date.now() + 28 * 60_000 + 30_000, next });
    const bridge = recordingBridge(
      emptyEngineAnswers({
        'oncall.now': () => now.slice(0, 1),
        'oncall.shifts': () => schedule,
        'oncall.escalations': () => [
          pending(1, 1, { kind: 'end' }),
          pending(2, 1, { kind: 'repeat', round: 2, rounds: 3 }),
          pending(3, 2, { kind: 'level', level: 2 }),
        ],
      }),
    );
    renderInConsole(<OnCallPage />, { bridge, path: '/oncall' });
    const rows = await screen.findAllByTestId('oncall-escalation');
    const said = rows.map((row) => row.textContent ?? '');
    expect(said[0]).toContain('level 1 of 1');
    expect(said[0]).toMatch(/no level after this one: ends unacknowledged in 28 min/);
    expect(said[1]).toMatch(/starts again at level 1 \(round 2 of 3\) in 28 min/);
    expect(said[2]).toMatch(/level 2 paged in 28 min/);
    for (const text of said) expect(text).not.toContain('next level');
  });

  it('a viewer sees Acknowledge disabled, saying why, and clicking it calls nothing', async () => {
    useMeStore.setState({ me: { name: 'vi', role: 'viewer', denied: { 'oncall.acknowledge': 'operate' }, token: null } as never });
    const pending = underWay({});
    const bridge = recordingBridge(
      emptyEngineAnswers({ 'oncall.now': () => now.slice(0, 1), 'oncall.shifts': () => schedule, 'oncall.escalations': () => [pending] }),
    );
    renderInConsole(<OnCallPage />, { bridge, path: '/oncall' });
    const button = await screen.findByTestId('oncall-ack');
    expect(button.getAttribute('data-denied')).toBe('needs operator');
    await userEvent.click(button);
    expect(bridge.calls.some((call) => call.name === 'oncall.acknowledge')).toBe(false);
  });
});
