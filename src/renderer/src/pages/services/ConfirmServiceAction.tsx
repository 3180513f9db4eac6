import { Code, List, Text } from '@mantine/core';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { actionWords } from '../../format/operation';
import type { PendingConfirmation } from './use-service-control';

/** Names the environment and the targets before a stop or restart where the workspace asks for it. */
export function ConfirmServiceAction({ pending, onConfirm, onCancel }: { pending: PendingConfirmation | null; onConfirm: () => void; onCancel: () => void }) {
  const words = actionWords(pending?.action ?? 'stop');
  return (
    <ConfirmDialog
      opened={pending !== null}
      title={`${words.label} in ${pending?.environment ?? ''}?`}
      confirmLabel={`${words.label} in ${pending?.environment ?? ''}`}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <Text size="sm" mb="xs">
        The <Code>{pending?.environment}</Code> environment asks for confirmation before services are {pending?.action === 'restart' ? 'restarted' : 'stopped'}.
        This will
        {pending?.action === 'restart' ? ' restart' : ' stop'}:
      </Text>
      {pending !== null && pending.services.length === 0 ? (
        <Text size="sm" fw={600}>
          every service Zervigo runs, dependents first
        </Text>
      ) : (
        <List size="sm" ff="monospace">
          {pending?.services.map((service) => (
            <List.Item key={service}>{service}</List.Item>
          ))}
        </List>
      )}
    </ConfirmDialog>
  );
}
