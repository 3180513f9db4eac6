// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { AutomationSwitch } from '../../../src/renderer/src/shell/AutomationSwitch';
import { useMeStore } from '../../../src/renderer/src/stores/me-store';
import type { AutomationState } from '../../../src/shared/types/jobs';
import { recordingBridge, renderInConsole } from './render';

afterEach(() => {
  cleanup();
  useMeStore.setState({ me: null });
});

const running: AutomationState = { paused: false, by: null, reason: null, since: null, covers: 'Pausing holds back scheduled and triggered jobs.' };

/** A bridge whose switch answers like the engine: the state it was set to, and the event after it. */
function switchBridge(initial: AutomationState) {
  let state = initial;
  const listeners: ((state: AutomationState) => void)[] = [];
  const base = recordingBridge((name, input) => {
    if (name === 'automation.get') return state;
    if (name === 'automation.setPaused') {
      const { paused, reason } = input as { paused: boolean; reason?: string };
      state = { ...state, paused, by: paused ? 'ana' : null, reason: paused ? (reason ?? null) : null, since: paused ? Date.UTC(2026, 11, 5, 9, 0) : null };
      return state;
    }
    return undefined;
  });
  return {
    ...base,
    subscribe: ((name: string, listener: (payload: AutomationState) => void) => {
      if (name === 'automation.changed') listeners.push(listener);
      return () => undefined;
    }) as typeof base.subscribe,
    emit: (next: AutomationState) => listeners.forEach((listener) => listener(next)),
  };
}

describe('the automation switch in the header', () => {
  it('pauses with a reason from a quiet button, then shows a badge that says who and why and resumes', async () => {
    const bridge = switchBridge(running);
    renderInConsole(<AutomationSwitch />, { bridge });
    await userEvent.click(await screen.findByRole('button', { name: 'Pause automation' }));
    expect(await screen.findByText('Pausing holds back scheduled and triggered jobs.')).toBeTruthy();
    await userEvent.type(screen.getByTestId('automation-reason'), 'db migration');
    await userEvent.click(screen.getByTestId('automation-flip'));
    expect(bridge.calls.filter((call) => call.name === 'automation.setPaused').map((call) => call.input)).toEqual([{ paused: true, reason: 'db migration' }]);
    const badge = await screen.findByText('automation paused');
    await userEvent.click(badge);
    expect(await screen.findByText(/Paused by ana at .*: db migration/)).toBeTruthy();
    const resume = screen.getByTestId('automation-flip');
    expect(resume.textContent).toBe('Resume automation');
    await userEvent.click(resume);
    await waitFor(() => expect(screen.queryByText('automation paused')).toBeNull());
    expect(bridge.calls.filter((call) => call.name === 'automation.setPaused').at(-1)?.input).toEqual({ paused: false });
  });

  it('follows a pause made elsewhere (the tray, another person) from the event', async () => {
    const bridge = switchBridge(running);
    renderInConsole(<AutomationSwitch />, { bridge });
    await screen.findByRole('button', { name: 'Pause automation' });
    bridge.emit({ ...running, paused: true, by: 'tray' });
    expect(await screen.findByText('automation paused')).toBeTruthy();
  });

  it('lets a viewer see the state and says why the button does nothing', async () => {
    useMeStore.setState({
      me: { name: 'vi', role: 'viewer', denied: { 'automation.setPaused': 'operate' }, token: null } as never,
    });
    const bridge = switchBridge({ ...running, paused: true, by: 'ana' });
    renderInConsole(<AutomationSwitch />, { bridge });
    await userEvent.click(await screen.findByText('automation paused'));
    const flip = await screen.findByTestId('automation-flip');
    expect(flip.getAttribute('data-denied')).toBe('needs operator');
    await userEvent.click(flip);
    expect(bridge.calls.some((call) => call.name === 'automation.setPaused')).toBe(false);
  });
});
