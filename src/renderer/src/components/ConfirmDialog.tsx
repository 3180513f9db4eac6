import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useLastShown } from './use-last-shown';

/** Asks before something that cannot be taken back by a click; names what will happen. Safe by default: focus starts on Cancel. */
export function ConfirmDialog({
  opened,
  title,
  children,
  confirmLabel,
  color = 'red',
  busy = false,
  onConfirm,
  onCancel,
}: {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  color?: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  // Callers read the words from the state that closes the dialog: keep them while it fades out.
  const shown = useLastShown(opened, { title, children, confirmLabel, color });
  return (
    <Modal opened={opened} onClose={onCancel} title={<Text fw={600}>{shown.title}</Text>} size="md">
      <Stack gap="md">
        <div>{shown.children}</div>
        <Group justify="flex-end" gap="xs">
          {/* Focus starts on Cancel: an Enter pressed out of habit must not stop a production service. */}
          <Button variant="default" size="sm" onClick={onCancel} disabled={busy} data-autofocus data-testid="confirm-cancel">
            Cancel
          </Button>
          <Button color={shown.color} size="sm" onClick={onConfirm} loading={busy} data-testid="confirm-action">
            {shown.confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
