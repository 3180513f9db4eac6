import { Alert, Anchor, Button, Center, Code, Divider, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle, IconLock } from '@tabler/icons-react';
import { useEffect, useState, type FormEvent } from 'react';
import { ssoStartPath, type SsoProvidersResponse } from '../../../shared/wire';
import { useBridge } from '../bridge/use-bridge';

/**
 * Shown when the server refuses the browser for want of a session: a person signs in with their
 * name and password, or with a single sign-on provider of the workspace (a full-page visit to the
 * provider and back); the owner can still paste the token `zervigo token` prints.
 */
export function SignInScreen() {
  const bridge = useBridge();
  const [withToken, setWithToken] = useState(false);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sso, setSso] = useState<SsoProvidersResponse>({ providers: [], error: null });

  useEffect(() => {
    let live = true;
    bridge.singleSignOn().then(
      (answer) => live && setSso(answer),
      () => undefined, // no providers to offer: the form still works
    );
    return () => {
      live = false;
    };
  }, [bridge]);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (withToken ? token.trim() === '' : username.trim() === '' || password === '') {
      setError(withToken ? 'Paste the token first.' : 'Give your name and password.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await bridge.signIn(withToken ? { token: token.trim() } : { username: username.trim(), password });
      setPassword('');
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
            {sso.error === null ? null : (
              <Alert color="red" icon={<IconAlertTriangle size={18} />} title="Single sign-on failed" data-testid="sign-in-sso-error">
                {sso.error}
              </Alert>
            )}
            {sso.providers.length === 0 ? null : (
              <>
                {sso.providers.map((provider) => (
                  <Button
                    key={provider.id}
                    component="a"
                    href={ssoStartPath(provider.id)}
                    variant="default"
                    size="sm"
                    data-testid={`sign-in-sso-${provider.id}`}
                  >
                    Sign in with {provider.name}
                  </Button>
                ))}
                <Divider label="or" labelPosition="center" />
              </>
            )}
            {withToken ? (
              <>
                <Text size="sm">
                  Paste an API token: the owner&apos;s is printed by <Code>zervigo token</Code>, others by <Code>zervigo tokens create</Code>. The session can
                  do what the token may.
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
              </>
            ) : (
              <>
                <TextInput
                  label="Name"
                  value={username}
                  onChange={(event) => setUsername(event.currentTarget.value)}
                  autoFocus
                  autoComplete="username"
                  spellCheck={false}
                  data-testid="sign-in-username"
                />
                <PasswordInput
                  label="Password"
                  value={password}
                  onChange={(event) => setPassword(event.currentTarget.value)}
                  error={error}
                  autoComplete="current-password"
                  data-testid="sign-in-password"
                />
              </>
            )}
            <Button type="submit" loading={busy} size="sm" data-testid="sign-in-submit">
              Sign in
            </Button>
            <Text size="xs" c="dimmed">
              {withToken ? 'Have a name and password? ' : 'The owner, or signing in with a token? '}
              <Anchor
                component="button"
                type="button"
                size="xs"
                onClick={() => {
                  setWithToken(!withToken);
                  setError(null);
                }}
                data-tap
                data-testid="sign-in-switch"
              >
                {withToken ? 'Sign in with your name' : 'Use a token instead'}
              </Anchor>
              {withToken ? null : (
                <>
                  {' '}
                  (<Code>zervigo token</Code> prints the owner&apos;s), or open the link <Code>zervigo serve</Code> prints.
                </>
              )}
            </Text>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
