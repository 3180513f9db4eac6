import { Button, Checkbox, Group, Modal, PasswordInput, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ROLE_SUMMARY, ROLES, isRole, type Role } from '../../../../shared/auth/permissions';
import { MIN_PASSWORD_LENGTH } from '../../../../shared/contract/auth';
import { useBridge } from '../../bridge/use-bridge';
import { peopleAction } from './people-action';

/** Adds a person with a password, or a service account (tokens only, for automation), with a role in this workspace. */
export function AddPersonDialog({ opened, workspace, onClose, onDone }: { opened: boolean; workspace: string; onClose: () => void; onDone: () => void }) {
  const bridge = useBridge();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [serviceAccount, setServiceAccount] = useState(false);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const close = (): void => {
    setName('');
    setPassword('');
    setServiceAccount(false);
    setRole('viewer');
    onClose();
  };
  const ready = name.trim() !== '' && (serviceAccount || password.length >= MIN_PASSWORD_LENGTH);
  const submit = async (): Promise<void> => {
    setBusy(true);
    const input = serviceAccount ? { name: name.trim(), role, workspace, serviceAccount: true } : { name: name.trim(), role, workspace, password };
    const ok = await peopleAction(
      () => bridge.invoke('users.add', input),
      { title: 'Added', message: `${name.trim()} was added as ${role}.` },
      `Could not add ${name.trim()}`,
      onDone,
    );
    setBusy(false);
    if (ok) close();
  };
  return (
    <Modal opened={opened} onClose={close} title={<Text fw={600}>Add a person</Text>}>
      <Stack gap="sm">
        <TextInput
          label="Name"
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          autoComplete="off"
          spellCheck={false}
          data-autofocus
          data-testid="add-name"
        />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Role
          </Text>
          <SegmentedControl data={[...ROLES]} value={role} onChange={(value) => isRole(value) && setRole(value)} data-testid="add-role" />
          <Text size="xs" c="dimmed">
            {ROLE_SUMMARY[role]}
          </Text>
        </Stack>
        <Checkbox
          label="Service account (no password: tokens only, for automation)"
          checked={serviceAccount}
          onChange={(event) => setServiceAccount(event.currentTarget.checked)}
        />
        {!serviceAccount && (
          <PasswordInput
            label="Password"
            description={`At least ${MIN_PASSWORD_LENGTH} characters; tell it to them another way.`}
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            autoComplete="new-password"
            data-testid="add-password"
          />
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button onClick={() => void submit()} loading={busy} disabled={!ready} data-testid="add-submit">
            Add
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
