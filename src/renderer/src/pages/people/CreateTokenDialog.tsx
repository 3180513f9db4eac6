import { Alert, Button, Code, CopyButton, Group, Modal, MultiSelect, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { PERMISSIONS, SCOPES } from '../../../../shared/auth/permissions';
import type { UserView } from '../../../../shared/types/auth';
import { useBridge } from '../../bridge/use-bridge';
import { messageOf } from '../../format/error-message';

/**
 * Creates an API token for an account, optionally narrowed to some permissions and with an
 * expiry; the token is shown once, here (only its hash is stored).
 */
export function CreateTokenDialog({
  opened,
  users,
  workspace,
  onClose,
  onDone,
}: {
  opened: boolean;
  users: readonly UserView[];
  workspace: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const bridge = useBridge();
  const [user, setUser] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const [expires, setExpires] = useState('90d');
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = (): void => {
    setUser(null);
    setName('');
    setScopes([]);
    setExpires('90d');
    setError(null);
    setCreated(null);
    onClose();
  };
  const submit = async (): Promise<void> => {
    if (user === null) return;
    setBusy(true);
    setError(null);
    try {
      const result = await bridge.invoke('tokens.create', {
        user,
        workspace,
        ...(name.trim() === '' ? {} : { name: name.trim() }),
        ...(scopes.length === 0 ? {} : { scopes }),
        ...(expires.trim() === '' ? {} : { expires: expires.trim() }),
      });
      setCreated(result.token);
      onDone();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={close} title={<Text fw={600}>Create an API token</Text>} size="lg">
      {created !== null ? (
        <Stack gap="sm">
          <Alert color="yellow" variant="light" title="Copy it now: it is not shown again">
            <Code block data-testid="created-token">
              {created}
            </Code>
          </Alert>
          <Group justify="flex-end" gap="xs">
            <CopyButton value={created}>
              {({ copied, copy }) => (
                <Button variant="default" onClick={copy}>
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              )}
            </CopyButton>
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="sm">
          <Select
            label="For"
            placeholder="an account"
            data={users.map((account) => account.name)}
            value={user}
            onChange={setUser}
            searchable
            data-testid="token-user"
          />
          <TextInput
            label="Name"
            description="What uses it, e.g. ci or grafana"
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            data-testid="token-name"
          />
          <MultiSelect
            label="May"
            description="None: everything its account may. A token never does more than its account."
            data={SCOPES.map((scope) => ({ value: scope, label: `${scope}: ${PERMISSIONS[scope]}` }))}
            value={scopes}
            onChange={setScopes}
            clearable
            data-testid="token-scopes"
          />
          <TextInput
            label="Expires after"
            description="e.g. 30d, 12h, 1w; empty: never"
            value={expires}
            onChange={(event) => setExpires(event.currentTarget.value)}
            data-testid="token-expires"
          />
          {error !== null && (
            <Text size="sm" c="red" data-testid="token-error">
              {error}
            </Text>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button onClick={() => void submit()} loading={busy} disabled={user === null} data-testid="token-create">
              Create
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
