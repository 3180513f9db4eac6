import { Alert, Anchor, Button, Code, Group, List, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { describeCommand } from '../../../../shared/assistant/describe-plan';
import { commandOutcome } from '../../../../shared/assistant/command-outcome';
import { isDestructive } from '../../../../shared/assistant/destructive-commands';
import type { AssistantCommand } from '../../../../shared/contract/assistant-plan';
import { LOCAL_HOST } from '../../../../shared/fleet-hosts';
import type { RendererBridge } from '../../bridge/renderer-bridge';
import { useBridge } from '../../bridge/use-bridge';
import { useLastPresent } from '../../components/use-last-shown';
import { usePhone } from '../../components/use-phone';
import { messageOf } from '../../format/error-message';
import { hostPath } from '../../pages/fleet/host-path';
import { useShownHost } from '../../stores/host-feeds';
import { viewPathOf } from './plan-steps';
import { dismissProposal, useProposalStore } from './proposal-store';

/**
 * Runs the commands in order through the contract of `host` (pages for those that only show
 * something); stops at the first failure.
 */
async function runCommands(
  bridge: RendererBridge,
  host: string,
  commands: readonly AssistantCommand[],
  confirmed: boolean,
  navigate: (path: string) => void,
): Promise<void> {
  const audit = host === LOCAL_HOST ? '#/audit' : `#${hostPath(host, '/audit')}`;
  for (const entry of commands) {
    const view = viewPathOf(entry, Date.now(), host);
    if (view !== null) {
      navigate(view);
      continue;
    }
    // Confirmed here, so the engine's confirm_destructive check is answered.
    const input = isDestructive(entry) && confirmed ? { ...(entry.input as object), confirm: true } : entry.input;
    const result: unknown = await (bridge.invoke as (name: string, input: unknown) => Promise<unknown>)(entry.command, input);
    const outcome = commandOutcome(entry, result);
    // A deploy or a job run goes on after this answer: its page follows it.
    const follow = outcome.page === undefined ? null : host === LOCAL_HOST ? `#${outcome.page}` : `#${hostPath(host, outcome.page)}`;
    notifications.show({
      color: outcome.ok ? 'green' : 'red',
      title: describeCommand(entry),
      message: (
        <>
          {outcome.summary}{' '}
          {follow !== null && (
            <>
              <Anchor href={follow}>Follow it</Anchor> ·{' '}
            </>
          )}
          <Anchor href={audit}>Audit log{host === LOCAL_HOST ? '' : ` of ${host}`}</Anchor>
        </>
      ),
    });
    if (!outcome.ok) return;
  }
}

/**
 * What a sentence from the palette would run, shown before it runs: each contract command in
 * words and by name, the host when it is an agent's, the environment when it asks for
 * confirmation; Run or Cancel. It runs where it was typed: through the agent's Bridge while its
 * pages are still shown, never on this console instead.
 */
export function ProposalDialog({ navigate }: { navigate: (path: string) => void }) {
  const consoleBridge = useBridge();
  const shown = useShownHost();
  const phone = usePhone();
  const current = useProposalStore((state) => state.proposal);
  // Shown while it fades out too: the title must not flip to this console's as it closes.
  const proposal = useLastPresent(current);
  const [running, setRunning] = useState(false);
  const host = proposal?.host ?? LOCAL_HOST;
  const bridge = host === LOCAL_HOST ? consoleBridge : shown.host === host ? shown.bridge : null;
  const destructive = proposal?.commands.some(isDestructive) ?? false;
  const run = (): void => {
    if (proposal === null || bridge === null) return;
    setRunning(true);
    runCommands(bridge, host, proposal.commands, true, navigate)
      .catch((error: unknown) => notifications.show({ color: 'red', title: `Could not run “${proposal.sentence}”`, message: messageOf(error) }))
      .finally(() => {
        setRunning(false);
        dismissProposal();
      });
  };
  return (
    <Modal
      opened={current !== null}
      onClose={dismissProposal}
      title={host === LOCAL_HOST ? 'Run this?' : `Run this on ${host}?`}
      fullScreen={phone}
      data-testid="assistant-proposal"
    >
      {proposal !== null && (
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            “{proposal.sentence}” would run:
          </Text>
          <List size="sm" spacing={6} data-testid="assistant-proposal-commands">
            {proposal.commands.map((entry, index) => (
              <List.Item key={index}>
                <Text span size="sm" fw={600}>
                  {describeCommand(entry)}
                </Text>{' '}
                <Code fz="xs" style={{ overflowWrap: 'anywhere' }}>
                  {entry.command} {JSON.stringify(entry.input ?? {})}
                </Code>
              </List.Item>
            ))}
          </List>
          {proposal.confirm !== undefined && (
            <Alert color="red" icon={<IconAlertTriangle />} title={`Environment ${proposal.confirm.environment}`}>
              {proposal.confirm.message}.
            </Alert>
          )}
          {bridge === null && (
            <Alert color="yellow" title={`Not on ${host}'s pages any more`} data-testid="assistant-proposal-elsewhere">
              It was typed on {host}&apos;s pages: open them again to run it there.
            </Alert>
          )}
          <Group justify="flex-end" gap="xs">
            {/* Focus starts on Cancel: Enter from the palette must not run what it only proposed. */}
            <Button variant="default" onClick={dismissProposal} data-thumb data-autofocus data-testid="assistant-cancel">
              Cancel
            </Button>
            <Button color={destructive ? 'red' : 'blue'} loading={running} disabled={bridge === null} onClick={run} data-thumb data-testid="assistant-run">
              {destructive ? 'Confirm and run' : 'Run'}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
