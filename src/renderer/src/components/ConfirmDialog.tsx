import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

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
  return (
    <Modal opened={opened} onClose={onCancel} title={<Text fw={600}>{title}</Text>} size="md">
      <Stack gap="md">
        <div>{children}</div>
        <Group justify="flex-end" gap="xs">
          {/* Focus starts on Cancel: an Enter pressed out of habit must not stop a production service. */}
          <Button variant="default" size="sm" onClick={onCancel} disabled={busy} data-autofocus data-testid="confirm-cancel">
            Cancel
          </Button>
          <Button color={color} size="sm" onClick={onConfirm} loading={busy} data-testid="confirm-action">
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
