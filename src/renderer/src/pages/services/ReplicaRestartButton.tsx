import { Button, Code, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { DeniedTooltip } from '../../auth/DeniedTooltip';
import { deniedProps, guard, useCan } from '../../auth/use-can';
import { useBridge } from '../../bridge/use-bridge';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatSpan } from '../../format/duration';
import { codeOf, messageOf } from '../../format/error-message';
import { useConfirmDestructive } from '../../stores/use-confirm-destructive';

/**
 * Restarts one replica (`services.restartReplica`); the others keep answering. In a
 * confirm_destructive environment it asks first, as a service's restart does (and asks then if the
 * server does anyway); a viewer sees it disabled with why.
 */
export function ReplicaRestartButton({ service, replica }: { service: string; replica: number }) {
  const bridge = useBridge();
  const { environment, asks } = useConfirmDestructive();
  const can = useCan('services.restartReplica');
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const id = `${service}#${replica}`;

  const restart = async (confirm: boolean): Promise<void> => {
    setBusy(true);
    try {
      const result = await bridge.invoke('services.restartReplica', { service, replica, confirm });
      // The engine's sentence is the title; the line under it says what the others did.
      notifications.show({
        color: result.ok ? 'green' : 'red',
        title: result.summary,
        message: result.ok ? `in ${formatSpan(result.durationMs)}; the other replicas kept answering` : `Restart ${id}: it did not go well`,
        autoClose: result.ok ? 5_000 : false,
      });
    } catch (error) {
      if (codeOf(error) === 'confirmation_required') setAsking(true);
      else notifications.show({ color: 'red', title: `Restart ${id} failed`, message: messageOf(error), autoClose: false });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <DeniedTooltip can={can} what={`Restart ${id}`}>
        <Button
          size="compact-xs"
          variant="default"
          leftSection={<IconRefresh size={12} />}
          loading={busy}
          aria-label={`Restart ${id}`}
          {...deniedProps(can)}
          onClick={guard(can, () => (asks ? setAsking(true) : void restart(false)))}
          data-thumb
          data-testid={`restart-replica-${id}`}
        >
          Restart
        </Button>
      </DeniedTooltip>
      <ConfirmDialog
        opened={asking}
        title={`Restart ${id} in ${environment ?? 'this environment'}?`}
        confirmLabel={`Restart ${id}`}
        onConfirm={() => {
          setAsking(false);
          void restart(true);
        }}
        onCancel={() => setAsking(false)}
      >
        <Text size="sm">
          The <Code>{environment}</Code> environment asks for confirmation before services are restarted. This restarts only <Code>{id}</Code>; the other
          replicas keep answering.
        </Text>
      </ConfirmDialog>
    </>
  );
}
