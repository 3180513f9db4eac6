// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { OnCallPage } from '../../../src/renderer/src/pages/OnCallPage';
import { OnCallNow } from '../../../src/renderer/src/shell/OnCallNow';
import type { EscalationView, OnCallNowView, OnCallScheduleView } from '../../../src/shared/types/oncall';
import { emptyEngineAnswers } from './answers';
import { recordingBridge, renderInConsole } from './render';

afterEach(cleanup);

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
  layers: [{ people: ['alice', 'bob'], lengthDays: 7, handOff: '09:00', start: '2026-11-02', end: null }],
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
    expect(card.textContent).toContain('alice → bob every week at 09:00');
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
});
