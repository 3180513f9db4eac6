import { Alert, Button, Checkbox, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconKey, IconLock, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useCan } from '../auth/use-can';
import { PageHeader } from '../components/PageHeader';
import { useMeStore } from '../stores/me-store';
import { AddPersonDialog } from './people/AddPersonDialog';
import { CreateTokenDialog } from './people/CreateTokenDialog';
import { PeopleTable } from './people/PeopleTable';
import { TokensTable } from './people/TokensTable';
import { usePeople } from './people/use-people';

/** People and their API tokens, for admins: add, change roles, unlock, set passwords, remove; create and revoke tokens. */
export function PeoplePage() {
  const manage = useCan('users.list');
  const workspace = useMeStore((state) => state.me?.workspace ?? 'default');
  if (!manage.allowed) {
    return (
      <>
        <PageHeader title="People" />
        <Alert color="gray" variant="light" icon={<IconLock size={18} />} data-testid="people-denied">
          Managing people and tokens {manage.reason ?? ''}. Ask an admin to change your role or to create a token for you.
        </Alert>
      </>
    );
  }
  return <PeopleManagement workspace={workspace} />;
}

function PeopleManagement({ workspace }: { workspace: string }) {
  const [showAllTokens, setShowAllTokens] = useState(false);
  const { users, tokens, error, reload } = usePeople(showAllTokens);
  const [adding, setAdding] = useState(false);
  const [creatingToken, setCreatingToken] = useState(false);
  return (
    <>
      <PageHeader title="People" description="Who may sign in, in which role, and the API tokens that act for them">
        <Button leftSection={<IconUserPlus size={14} />} variant="light" onClick={() => setAdding(true)} data-testid="add-person">
          Add person…
        </Button>
        <Button
          leftSection={<IconKey size={14} />}
          variant="default"
          onClick={() => setCreatingToken(true)}
          disabled={users === null}
          data-testid="create-token"
        >
          Create token…
        </Button>
      </PageHeader>
      {error !== null && (
        <Alert color="red" mb="md" title="Could not read people">
          {error}
        </Alert>
      )}
      {users === null || tokens === null ? (
        error === null && <Loader size="sm" />
      ) : (
        <Stack gap="lg">
          <PeopleTable users={users} workspace={workspace} reload={reload} />
          <Stack gap="xs">
            <Group justify="space-between">
              <Title order={3} fz="h5">
                API tokens
              </Title>
              <Checkbox
                size="xs"
                label="Also expired and revoked"
                checked={showAllTokens}
                onChange={(event) => setShowAllTokens(event.currentTarget.checked)}
              />
            </Group>
            <TokensTable tokens={tokens} reload={reload} />
            <Text size="xs" c="dimmed">
              From a shell: <code>zervigo users add NAME --role viewer</code>, <code>zervigo tokens create --user NAME --scope view</code>.
            </Text>
          </Stack>
        </Stack>
      )}
      <AddPersonDialog opened={adding} workspace={workspace} onClose={() => setAdding(false)} onDone={reload} />
      <CreateTokenDialog opened={creatingToken} users={users ?? []} workspace={workspace} onClose={() => setCreatingToken(false)} onDone={reload} />
    </>
  );
}
