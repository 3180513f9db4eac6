import { Badge, Button, Code, Group, Loader, Paper, Stack, Table, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import type { ChannelKindView, ChannelView } from '../../../../shared/types/alerts';
import { DeniedTooltip } from '../../auth/DeniedTooltip';
import { deniedProps, guard, useCan } from '../../auth/use-can';
import { useBridge } from '../../bridge/use-bridge';
import { ColumnHeader } from '../../components/ColumnHeader';
import { RelativeTime } from '../../components/RelativeTime';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { useWorkspaceEdit } from '../../components/use-workspace-edit';
import { messageOf } from '../../format/error-message';
import { ChannelFormDialog, type ChannelFormResult } from './ChannelFormDialog';
import { channelFormOf, emptyChannelForm, type ChannelForm } from './channel-form';
import { sectionOf } from './raw-workspace';

/** The workspace's notification channels, their last delivery, a "Send test" for each, and a form to add or edit one. */
export function ChannelsSetting() {
  const bridge = useBridge();
  const workspace = useWorkspaceEdit();
  const mayTest = useCan('channels.test');
  const [editing, setEditing] = useState<{ form: ChannelForm; existing: boolean } | null>(null);
  const written = sectionOf(workspace.content, 'channels');
  const done = async (result: ChannelFormResult): Promise<void> => {
    const edit = result.value === null ? { path: ['channels', result.name], delete: true as const } : { path: ['channels', result.name], value: result.value };
    // The form stays open under the diff: a refused save loses nothing typed.
    await workspace.propose([edit], `channel ${result.name}`, () => setEditing(null));
  };
  const [channels, setChannels] = useState<ChannelView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [testing, setTesting] = useState<string | null>(null);
  // The kinds the engine knows (plugins' too): each channel opens as its own kind.
  const [kinds, setKinds] = useState<readonly ChannelKindView[]>([]);
  const reload = useCallback(() => {
    bridge
      .invoke('channels.list')
      .then((list) => {
        setChannels(list);
        setError(null);
      })
      .catch((caught: unknown) => setError(messageOf(caught)));
  }, [bridge]);
  useEffect(() => {
    reload();
    const stops = [bridge.subscribe('notifications.changed', reload), bridge.subscribe('workspace.changed', reload)];
    return () => stops.forEach((stop) => stop());
  }, [bridge, reload]);
  useEffect(() => {
    const load = (): void => void bridge.invoke('channels.kinds').then(setKinds, () => setKinds([]));
    load();
    const stops = [bridge.subscribe('workspace.changed', load), bridge.subscribe('plugins.changed', load)];
    return () => stops.forEach((stop) => stop());
  }, [bridge]);

  const test = async (channel: ChannelView): Promise<void> => {
    setTesting(channel.name);
    try {
      const result = await bridge.invoke('channels.test', { name: channel.name });
      const last = result.deliveries.at(-1);
      if (result.status === 'delivered') notifications.show({ color: 'green', title: `${channel.name}: test delivered`, message: last?.detail ?? 'delivered' });
      else
        notifications.show({
          color: 'red',
          title: `${channel.name}: test not delivered`,
          message: `${last?.detail ?? result.lastError ?? 'failed'}${result.status === 'pending' ? ' — it will be retried; see Alerts → Notifications.' : ''}`,
        });
    } catch (caught) {
      notifications.show({ color: 'red', title: `${channel.name}: could not send a test`, message: messageOf(caught) });
    } finally {
      setTesting(null);
      reload();
    }
  };

  return (
    <Paper withBorder p="md" radius="sm">
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={600} size="sm">
            Notification channels
          </Text>
          <Tooltip label={workspace.whyNot ?? 'Written to the workspace file (channels:), after showing the diff'}>
            <Button
              variant="light"
              leftSection={<IconPlus size={14} />}
              disabled={!workspace.editable}
              onClick={() => setEditing({ form: emptyChannelForm(), existing: false })}
              data-testid="channel-add"
            >
              Add channel
            </Button>
          </Tooltip>
        </Group>
        {error !== null && (
          <Text size="xs" c="red">
            {error}
          </Text>
        )}
        {channels === null && error === null && <Loader size="xs" />}
        {channels !== null && channels.length === 0 && (
          <Text size="sm" c="dimmed">
            No channels. Declare them under <Code>channels:</Code> in the workspace file (desktop, slack, email, webhook) and send them alerts with{' '}
            <Code>routes:</Code>.
          </Text>
        )}
        {channels !== null && channels.length > 0 && (
          <ResponsiveTable phone="cards" data-testid="channels-table">
            <Table.Thead>
              <Table.Tr>
                <ColumnHeader>Channel</ColumnHeader>
                <ColumnHeader>Sends to</ColumnHeader>
                {/* A fixed width: a delivery landing must not shift the Send test buttons under the pointer. */}
                <ColumnHeader width={190}>Last delivery</ColumnHeader>
                <ColumnHeader width={210} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {channels.map((channel) => (
                <Table.Tr key={channel.name} data-testid={`channel-row-${channel.name}`}>
                  <Table.Td>
                    <Text size="sm" fw={600} ff="monospace">
                      {channel.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {channel.kind}
                      {channel.sendResolved ? '' : ' · no resolved messages'}
                    </Text>
                  </Table.Td>
                  <Table.Td data-card="full" data-label="Sends to">
                    <Text size="xs">{channel.target}</Text>
                  </Table.Td>
                  <Table.Td data-label="Last delivery">
                    {channel.lastDelivery === null ? (
                      <Text size="xs" c="dimmed">
                        none yet
                      </Text>
                    ) : (
                      <Tooltip label={channel.lastDelivery.detail} multiline w={320}>
                        <Text size="xs" span>
                          <Badge size="xs" color={channel.lastDelivery.ok ? 'green' : 'red'} variant="light" mr={6}>
                            {channel.lastDelivery.ok ? 'delivered' : 'failed'}
                          </Badge>
                          <RelativeTime at={channel.lastDelivery.at} size="xs" />
                        </Text>
                      </Tooltip>
                    )}
                    {channel.pending > 0 && (
                      <Text size="xs" c="yellow.7">
                        {channel.pending} waiting to be retried
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td data-card="full">
                    <Group gap={6} wrap="nowrap" justify="flex-end">
                      <DeniedTooltip can={mayTest} what="Send a test">
                        <Button
                          variant="default"
                          w={96}
                          loading={testing === channel.name}
                          {...deniedProps(mayTest)}
                          onClick={guard(mayTest, () => void test(channel))}
                          data-thumb
                          data-testid={`channel-test-${channel.name}`}
                        >
                          Send test
                        </Button>
                      </DeniedTooltip>
                      <Button
                        variant="subtle"
                        w={76}
                        leftSection={<IconPencil size={12} />}
                        disabled={!workspace.editable || written[channel.name] === undefined}
                        onClick={() => setEditing({ form: channelFormOf(channel.name, written[channel.name], kinds), existing: true })}
                        aria-label={`Edit channel ${channel.name}`}
                        data-thumb
                        data-testid={`channel-edit-${channel.name}`}
                      >
                        Edit
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </ResponsiveTable>
        )}
      </Stack>
      {editing !== null && (
        <ChannelFormDialog
          key={`${editing.existing ? 'edit' : 'new'}-${editing.form.name}`}
          initial={editing.form}
          existing={editing.existing}
          kinds={kinds}
          taken={Object.keys(written)}
          onClose={() => setEditing(null)}
          onDone={(result) => void done(result)}
        />
      )}
      {workspace.dialog}
    </Paper>
  );
}
