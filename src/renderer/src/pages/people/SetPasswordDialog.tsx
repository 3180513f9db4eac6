import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { MIN_PASSWORD_LENGTH } from '../../../../shared/contract/auth';
import { useBridge } from '../../bridge/use-bridge';
import { useLastPresent } from '../../components/use-last-shown';
import { peopleAction } from './people-action';

/** Sets a person's password (an admin's reset): their sessions end, so they sign in with the new one. */
export function SetPasswordDialog({ name, onClose, onDone }: { name: string | null; onClose: () => void; onDone: () => void }) {
  const bridge = useBridge();
  const shownName = useLastPresent(name);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const close = (): void => {
    setPassword('');
    onClose();
  };
  const submit = async (): Promise<void> => {
    if (name === null) return;
    setBusy(true);
    const ok = await peopleAction(
      () => bridge.invoke('users.setPassword', { name, password }),
      { title: 'Password set', message: `${name}'s sessions ended; they sign in with the new password.` },
      `Could not set ${name}'s password`,
      onDone,
    );
    setBusy(false);
    if (ok) close();
  };
  return (
    <Modal opened={name !== null} onClose={close} title={<Text fw={600}>Set {shownName}&apos;s password</Text>}>
      <Stack gap="sm">
        <PasswordInput
          label="New password"
          description={`At least ${MIN_PASSWORD_LENGTH} characters; a passphrase is best. Their sessions end.`}
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
          autoComplete="new-password"
          error={password !== '' && password.length < MIN_PASSWORD_LENGTH ? `${MIN_PASSWORD_LENGTH - password.length} more characters` : null}
          data-autofocus
          data-testid="new-password"
        />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button onClick={() => void submit()} loading={busy} disabled={password.length < MIN_PASSWORD_LENGTH} data-testid="set-password">
            Set password
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
