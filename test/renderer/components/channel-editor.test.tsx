// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ChannelsSetting } from '../../../src/renderer/src/pages/settings/ChannelsSetting';
import { setWorkspaceView } from '../../../src/renderer/src/stores/workspace-store';
import type { ChannelKindView, ChannelView } from '../../../src/shared/types/alerts';
import type { WorkspaceView } from '../../../src/shared/types/workspace';
import { emptyEngineAnswers } from './answers';
import { recordingBridge, renderInConsole } from './render';

/** The kinds as the engine lists them (channels.kinds): built-ins, oncall, and a plugin's with its manifest's schema. */
const kinds: ChannelKindView[] = [
  { kind: 'desktop', summary: 'desktop', plugin: null, options: {} },
  { kind: 'slack', summary: 'slack', plugin: null, options: {} },
  { kind: 'email', summary: 'email', plugin: null, options: {} },
  { kind: 'webhook', summary: 'webhook', plugin: null, options: {} },
  { kind: 'oncall', summary: 'Pages whoever is on call through an escalation policy.', plugin: null, options: { type: 'string' } },
  {
    kind: 'discord',
    summary: 'A channel kind from plugin zervigo-discord.',
    plugin: 'zervigo-discord',
    options: {
      type: 'object',
      required: ['webhook_url'],
      properties: { webhook_url: { type: 'string', description: 'The Discord webhook.' }, username: { type: 'string' }, tts: { type: 'boolean' } },
    },
  },
];

const content = `version: 1
channels:
  pager: { oncall: primary }
  chat:
    discord: { webhook_url: "\${DISCORD_HOOK}", username: zervigo }
    send_resolved: false
`;

const channel = (name: string, kind: string): ChannelView => ({ name, kind, target: '', sendResolved: true, pending: 0, lastDelivery: null });

function renderSettings() {
  setWorkspaceView({ content, builtIn: false, versionId: 1 } as WorkspaceView);
  const bridge = recordingBridge(
    emptyEngineAnswers({
      'channels.list': () => [channel('pager', 'oncall'), channel('chat', 'discord')],
      'channels.kinds': () => kinds,
      'workspace.edit': (input) => ({ content: JSON.stringify(input) }),
    }),
  );
  renderInConsole(<ChannelsSetting />, { bridge });
  return bridge;
}

describe('the channel editor opens each channel as the kind the engine says it is', () => {
  it('an oncall channel opens as oncall with its policy, not as a webhook', async () => {
    renderSettings();
    await waitFor(() => expect(screen.getByTestId('channel-edit-pager').hasAttribute('disabled')).toBe(false));
    fireEvent.click(screen.getByTestId('channel-edit-pager'));
    await screen.findByTestId('channel-form');
    expect(screen.getByTestId<HTMLInputElement>('channel-kind').value).toBe('oncall');
    expect(screen.getByTestId<HTMLInputElement>('channel-option-oncall').value).toBe('primary');
    expect(screen.getByTestId('channel-kind-hint').textContent).toMatch(/escalation policy/);
    expect(screen.queryByTestId('channel-webhook-url')).toBeNull();
  });

  it("a plugin's channel opens as its kind, fields from its schema, and saves back what was written", async () => {
    const bridge = renderSettings();
    await waitFor(() => expect(screen.getByTestId('channel-edit-chat').hasAttribute('disabled')).toBe(false));
    fireEvent.click(screen.getByTestId('channel-edit-chat'));
    await screen.findByTestId('channel-form');
    // Six kinds do not fit in a row: the kind is picked from a list.
    expect(screen.getByTestId<HTMLInputElement>('channel-kind').value).toBe('discord');
    expect(screen.getByTestId('channel-kind-hint').textContent).toMatch(/plugin zervigo-discord/);
    const url = screen.getByTestId<HTMLInputElement>('channel-option-webhook_url');
    expect(url.value).toBe('${DISCORD_HOOK}');
    expect(url.getAttribute('type')).toBe('password');
    fireEvent.change(screen.getByTestId('channel-option-username'), { target: { value: 'ops-bot' } });
    fireEvent.click(screen.getByTestId('channel-form-save'));
    await waitFor(() => expect(bridge.calls.some((call) => call.name === 'workspace.edit')).toBe(true));
    const edit = bridge.calls.find((call) => call.name === 'workspace.edit')?.input as { edits: unknown[] };
    expect(edit.edits).toEqual([
      { path: ['channels', 'chat'], value: { discord: { webhook_url: '${DISCORD_HOOK}', username: 'ops-bot' }, send_resolved: false } },
    ]);
  });
});
