import { Button, Center, Code, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useBridge } from '../bridge/use-bridge';

/** Shown when the server refuses the browser for want of a session cookie. */
export function SignInScreen() {
  const bridge = useBridge();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (token.trim() === '') {
      setError('Paste the token first.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await bridge.signIn(token.trim());
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" radius="md" w={440} data-testid="sign-in">
        <form onSubmit={(event) => void submit(event)}>
          <Stack gap="md">
            <Stack gap={4} align="flex-start">
              <IconLock size={28} stroke={1.5} />
              <Title order={2} fz="h3">
                Sign in to Zervigo
              </Title>
            </Stack>
            <Text size="sm">
              Open the link printed by <Code>zervigo serve</Code>, or paste the token shown by <Code>zervigo token</Code>.
            </Text>
            <PasswordInput
              label="Token"
              value={token}
              onChange={(event) => setToken(event.currentTarget.value)}
              error={error}
              autoFocus
              autoComplete="off"
              spellCheck={false}
              data-testid="sign-in-token"
            />
            <Button type="submit" loading={busy} size="sm">
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
