import { describe, expect, it } from 'vitest';
import { PAUSED_UNTIL_RESUMED, pauseState } from '../../src/main/notification-pause';
import { trayMenuTemplate, trayView, type TrayActions } from '../../src/main/tray-presentation';
import type { AutomationState } from '../../src/shared/types/jobs';
import type { HealthSummary } from '../../src/shared/types/app';

const at = Date.UTC(2026, 10, 22, 14, 0, 0);
const time = (ms: number): string => new Date(ms).toISOString().slice(11, 16);
const health = (level: HealthSummary['level'], counts: Partial<HealthSummary> = {}): HealthSummary => ({
  level,
  services: 4,
  down: 0,
  pending: 0,
  firing: 0,
  at,
  ...counts,
});
const running = pauseState({ notificationsPausedUntil: null }, at);

describe('tray view', () => {
  it('takes its icon from the health level and puts the firing count in the tooltip and title', () => {
    expect(trayView(health('ok'), running, time)).toEqual({ icon: 'ok', tooltip: 'Zervigo: all healthy\n0 firing alerts', title: '' });
    expect(trayView(health('warning', { pending: 1, firing: 1 }), running, time)).toEqual({
      icon: 'warning',
      tooltip: 'Zervigo: warning\n1 pending · 1 firing alert',
      title: '1',
    });
    expect(trayView(health('critical', { down: 2, firing: 3 }), running, time)).toEqual({
      icon: 'critical',
      tooltip: 'Zervigo: critical\n2 services down · 3 firing alerts',
      title: '3',
    });
    expect(trayView(null, running, time)).toEqual({ icon: 'unknown', tooltip: 'Zervigo: no data yet\nstarting…', title: '' });
  });

  it('says when notifications are paused', () => {
    expect(trayView(health('ok'), pauseState({ notificationsPausedUntil: at + 3_600_000 }, at), time).tooltip).toBe(
      'Zervigo: all healthy\n0 firing alerts\nNotifications paused until 15:00',
    );
    expect(trayView(health('ok'), pauseState({ notificationsPausedUntil: PAUSED_UNTIL_RESUMED }, at), time).tooltip).toContain(
      'Notifications paused until resumed',
    );
    expect(trayView(health('ok'), pauseState({ notificationsPausedUntil: at - 1 }, at), time).tooltip).not.toContain('paused');
  });
});

const runningAutomation: AutomationState = { paused: false, by: null, reason: null, since: null, covers: 'jobs, rule actions, deploys' };

describe('tray menu', () => {
  function menu(pausedUntil: number | null, automation: AutomationState | null = runningAutomation) {
    const calls: string[] = [];
    const actions: TrayActions = {
      open: () => calls.push('open'),
      pauseForAnHour: () => calls.push('pause 1h'),
      pauseUntilResumed: () => calls.push('pause'),
      resume: () => calls.push('resume'),
      setAutomationPaused: (paused) => calls.push(paused ? 'pause automation' : 'resume automation'),
      quit: () => calls.push('quit'),
    };
    const items = trayMenuTemplate(
      health('critical', { down: 1, firing: 2 }),
      pauseState({ notificationsPausedUntil: pausedUntil }, at),
      time,
      actions,
      automation,
    );
    const click = (label: string): void => {
      const item = items.find((candidate) => candidate.label === label);
      (item?.click as (() => void) | undefined)?.();
    };
    return { items, calls, click };
  }

  it('opens the window, pauses and resumes notifications, and quits', () => {
    const { items, calls, click } = menu(null);
    expect(items.filter((item) => item.type !== 'separator').map((item) => [item.label, item.enabled !== false])).toEqual([
      ['Open Zervigo', true],
      ['1 service down · 2 firing alerts', false],
      ['Pause notifications for 1 hour', true],
      ['Pause until resumed', true],
      ['Resume notifications', false],
      ['Pause automation', true],
      ['Quit Zervigo', true],
    ]);
    for (const label of ['Open Zervigo', 'Pause notifications for 1 hour', 'Pause until resumed', 'Resume notifications', 'Pause automation', 'Quit Zervigo'])
      click(label);
    expect(calls).toEqual(['open', 'pause 1h', 'pause', 'resume', 'pause automation', 'quit']);
  });

  it('says who paused automation and since when, and offers to resume it; offers nothing while the switch is unknown', () => {
    const paused = menu(null, { ...runningAutomation, paused: true, by: 'ana', since: at - 10 * 60_000 });
    expect(paused.items.find((item) => item.label === 'Automation paused by ana since 13:50')?.enabled).toBe(false);
    expect(paused.items.some((item) => item.label === 'Pause automation')).toBe(false);
    paused.click('Resume automation');
    expect(paused.calls).toEqual(['resume automation']);
    expect(menu(null, null).items.find((item) => item.label === 'Pause automation')?.enabled).toBe(false);
  });

  it('adds the automation pause to the tooltip', () => {
    expect(trayView(health('ok'), running, time, { ...runningAutomation, paused: true, by: 'ana', since: at }).tooltip).toBe(
      'Zervigo: all healthy\n0 firing alerts\nAutomation paused by ana since 14:00',
    );
  });

  it('offers to resume while paused and shows until when', () => {
    const timed = menu(at + 30 * 60_000).items;
    expect(timed.find((item) => item.label === 'Notifications paused until 14:30')?.enabled).toBe(false);
    expect(timed.find((item) => item.label === 'Resume notifications')?.enabled).toBe(true);
    const forever = menu(PAUSED_UNTIL_RESUMED).items;
    expect(forever.find((item) => item.label === 'Pause until resumed')?.enabled).toBe(false);
    expect(forever.find((item) => item.label === 'Resume notifications')?.enabled).toBe(true);
  });
});
