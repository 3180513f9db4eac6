import { Button, Group, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useBridge } from '../../bridge/use-bridge';
import { messageOf } from '../../format/error-message';

/** Adds an agent by name, URL and token (the console connects at once and lists it). */
export function AddAgentForm() {
  const bridge = useBridge();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  const add = (): void => {
    bridge.invoke('agents.add', { name, url, token: token === '' ? undefined : token, replace: false }).then(
      () => {
        setName('');
        setUrl('');
        setToken('');
      },
      (error: unknown) => notifications.show({ color: 'red', title: 'Could not add the agent', message: messageOf(error), autoClose: false }),
    );
  };
  return (
    <Group align="flex-end" gap="xs" wrap="wrap">
      <TextInput label="Name" placeholder="web-1" value={name} onChange={(event) => setName(event.currentTarget.value)} data-testid="agent-name" />
      <TextInput
        label="URL"
        placeholder="http://10.0.0.5:7300"
        value={url}
        onChange={(event) => setUrl(event.currentTarget.value)}
        data-testid="agent-url"
        w={260}
      />
      <TextInput
        label="Token"
        placeholder="zervigo token on that host"
        value={token}
        onChange={(event) => setToken(event.currentTarget.value)}
        data-testid="agent-token"
        type="password"
      />
      <Button leftSection={<IconPlus size={16} />} onClick={add} disabled={name === '' || url === ''} data-testid="agent-add">
        Add agent
      </Button>
    </Group>
  );
}
