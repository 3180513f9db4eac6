// @vitest-environment jsdom
import { act, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfirmDialog } from '../../../src/renderer/src/components/ConfirmDialog';
import { ProposalDialog } from '../../../src/renderer/src/shell/assistant/ProposalDialog';
import { dismissProposal, propose } from '../../../src/renderer/src/shell/assistant/proposal-store';
import { renderInConsole } from './render';

afterEach(dismissProposal);

/** Closes the way every caller does: the target that opened it becomes `null`. */
function RemoveDialog({ initial }: { initial: string }) {
  const [removing, setRemoving] = useState<string | null>(initial);
  return (
    <ConfirmDialog
      opened={removing !== null}
      title={`Remove ${removing ?? ''}?`}
      confirmLabel="Remove"
      onConfirm={() => setRemoving(null)}
      onCancel={() => setRemoving(null)}
    >
      {removing} can no longer sign in.
    </ConfirmDialog>
  );
}

// Mantine fades a dialog out for 200 ms after it closes; what it shows then was read from the
// state that closed it, so it flashed "Remove ?" or another host's title before these were kept.
describe('a dialog keeps its words while it fades out', () => {
  it('a confirmation keeps its title and text after Cancel', async () => {
    renderInConsole(<RemoveDialog initial="alice" />);
    await screen.findByText('Remove alice?');
    act(() => screen.getByTestId('confirm-cancel').click());
    expect(screen.queryByText('Remove ?')).toBeNull();
    expect(screen.getByText('Remove alice?')).toBeTruthy();
    expect(screen.getByText('alice can no longer sign in.')).toBeTruthy();
    await waitFor(() => expect(screen.queryByText('Remove alice?')).toBeNull());
  });

  it("a proposal for an agent keeps the agent's name and its commands while it closes", async () => {
    renderInConsole(<ProposalDialog navigate={() => {}} />);
    act(() => propose({ sentence: 'start web-b', commands: [{ command: 'services.start', input: { services: ['web-b'] } }], host: 'beta' }));
    await screen.findByText('Run this on beta?');
    act(dismissProposal);
    expect(screen.queryByText('Run this?')).toBeNull();
    expect(screen.getByText('Run this on beta?')).toBeTruthy();
    expect(screen.getByTestId('assistant-proposal-commands').textContent).toContain('web-b');
    await waitFor(() => expect(screen.queryByText('Run this on beta?')).toBeNull());
  });
});
