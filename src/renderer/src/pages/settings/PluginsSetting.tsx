import { Button, Code, Group, Loader, Paper, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlayerPause, IconPlayerPlay, IconTrash } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import type { PluginView } from '../../../../shared/types/plugins';
import { DeniedTooltip } from '../../auth/DeniedTooltip';
import { deniedProps, guard, useCan } from '../../auth/use-can';
import { useBridge } from '../../bridge/use-bridge';
import { ColumnHeader } from '../../components/ColumnHeader';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { RelativeTime } from '../../components/RelativeTime';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { ToneBadge } from '../../components/StatusBadge';
import { messageOf } from '../../format/error-message';
import { PluginInstallForm } from './PluginInstallForm';
import { PluginTrustDialog } from './PluginTrustDialog';
import { capabilityLines, contributionWords, pluginLook, pluginProblem } from './plugin-words';
import { usePlugins } from './use-plugins';

/**
 * Installed plugins: what each adds, what it may do, whether its process runs and why not.
 * Admins install (by path), enable (trusting its capabilities once), disable and remove; others
 * see the list.
 */
export function PluginsSetting() {
  const bridge = useBridge();
  const { plugins, error } = usePlugins();
  const mayEnable = useCan('plugins.enable');
  const mayDisable = useCan('plugins.disable');
  const mayRemove = useCan('plugins.remove');
  const [trusting, setTrusting] = useState<PluginView | null>(null);
  const [removing, setRemoving] = useState<PluginView | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const act = async (id: string, what: string, action: () => Promise<unknown>): Promise<boolean> => {
    setBusy(id);
    try {
      await action();
      notifications.show({ color: 'green', title: what, message: 'Recorded in the audit log.' });
      return true;
    } catch (caught) {
      notifications.show({ color: 'red', title: `${what}: refused`, message: messageOf(caught) });
      return false;
    } finally {
      setBusy(null);
    }
  };
  // Trusted once (these capabilities, or fewer): enabling again does not ask.
  const enable = (plugin: PluginView): void => {
    if (!plugin.trusted) return setTrusting(plugin);
    void act(plugin.id, `Enabled ${plugin.id}`, () => bridge.invoke('plugins.enable', { id: plugin.id }));
  };
  const accept = async (plugin: PluginView): Promise<void> => {
    if (await act(plugin.id, `Trusted and enabled ${plugin.id}`, () => bridge.invoke('plugins.enable', { id: plugin.id, accept: true }))) setTrusting(null);
  };
  const remove = async (plugin: PluginView): Promise<void> => {
    if (await act(plugin.id, `Removed ${plugin.id}`, () => bridge.invoke('plugins.remove', { id: plugin.id }))) setRemoving(null);
  };

  return (
    <Paper withBorder p="md" radius="sm" data-testid="plugins-setting">
      <Stack gap="xs">
        <Text fw={600} size="sm">
          Plugins
        </Text>
        <Text size="xs" c="dimmed">
          Probe, channel and action kinds from outside Zervigo, each running in a process of its own. Also <Code>zervigo plugins install PATH --yes</Code>.
        </Text>
        <PluginInstallForm onInstalled={(plugin) => !plugin.enabled && mayEnable.allowed && setTrusting(plugin.trusted ? null : plugin)} />
        {error !== null && (
          <Text size="xs" c="red">
            {error}
          </Text>
        )}
        {plugins === null && error === null && <Loader size="xs" />}
        {plugins !== null && plugins.length === 0 && (
          <Text size="sm" c="dimmed" data-testid="plugins-empty">
            No plugins installed. Install one from a folder or a tarball above (the repository ships some under <Code>plugins/</Code>), or make one with{' '}
            <Code>zervigo plugins new NAME --kind probe</Code>.
          </Text>
        )}
        {plugins !== null && plugins.length > 0 && (
          <ResponsiveTable phone="cards" data-testid="plugins-table">
            <Table.Thead>
              <Table.Tr>
                <ColumnHeader>Plugin</ColumnHeader>
                <ColumnHeader>May</ColumnHeader>
                <ColumnHeader width={190}>State</ColumnHeader>
                <ColumnHeader width={200} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {plugins.map((plugin) => (
                <PluginRow
                  key={plugin.id}
                  plugin={plugin}
                  busy={busy === plugin.id}
                  actions={
                    <Group gap={6} wrap="nowrap" justify="flex-end">
                      {plugin.enabled ? (
                        <DeniedTooltip can={mayDisable} what={`Disable ${plugin.id}`}>
                          <Button
                            variant="default"
                            miw={96}
                            leftSection={<IconPlayerPause size={12} />}
                            loading={busy === plugin.id}
                            {...deniedProps(mayDisable)}
                            onClick={guard(
                              mayDisable,
                              () => void act(plugin.id, `Disabled ${plugin.id}`, () => bridge.invoke('plugins.disable', { id: plugin.id })),
                            )}
                            data-thumb
                            data-testid={`plugin-disable-${plugin.id}`}
                          >
                            Disable
                          </Button>
                        </DeniedTooltip>
                      ) : (
                        <DeniedTooltip can={mayEnable} what={`Enable ${plugin.id}`}>
                          <Button
                            variant="light"
                            miw={96}
                            leftSection={<IconPlayerPlay size={12} />}
                            loading={busy === plugin.id}
                            {...deniedProps(mayEnable)}
                            onClick={guard(mayEnable, () => enable(plugin))}
                            data-thumb
                            data-testid={`plugin-enable-${plugin.id}`}
                          >
                            Enable
                          </Button>
                        </DeniedTooltip>
                      )}
                      <DeniedTooltip can={mayRemove} what={`Remove ${plugin.id}`}>
                        <Button
                          variant="subtle"
                          color="red"
                          leftSection={<IconTrash size={12} />}
                          {...deniedProps(mayRemove)}
                          onClick={guard(mayRemove, () => setRemoving(plugin))}
                          aria-label={`Remove plugin ${plugin.id}`}
                          data-thumb
                          data-testid={`plugin-remove-${plugin.id}`}
                        >
                          Remove
                        </Button>
                      </DeniedTooltip>
                    </Group>
                  }
                />
              ))}
            </Table.Tbody>
          </ResponsiveTable>
        )}
      </Stack>
      {trusting !== null && (
        <PluginTrustDialog plugin={trusting} busy={busy === trusting.id} onAccept={() => void accept(trusting)} onCancel={() => setTrusting(null)} />
      )}
      <ConfirmDialog
        opened={removing !== null}
        title={`Remove plugin ${removing?.id ?? ''}?`}
        confirmLabel="Remove"
        busy={removing !== null && busy === removing.id}
        onConfirm={() => removing !== null && void remove(removing)}
        onCancel={() => setRemoving(null)}
      >
        {removing !== null && (
          <Text size="sm">
            Stops its process and deletes {removing.packageName} {removing.version} from the data folder. A workspace that uses its kinds (
            {contributionWords(removing.contributes)}) is refused at its next load until it is installed again.
          </Text>
        )}
      </ConfirmDialog>
    </Paper>
  );
}

function PluginRow({ plugin, busy, actions }: { plugin: PluginView; busy: boolean; actions: ReactNode }) {
  const look = pluginLook(plugin);
  const problem = pluginProblem(plugin);
  const lines = capabilityLines(plugin.capabilities);
  return (
    <Table.Tr data-testid={`plugin-row-${plugin.id}`} data-state={plugin.state} aria-busy={busy}>
      <Table.Td data-card="full">
        <Text size="sm" fw={600} ff="monospace" span>
          {plugin.id}
        </Text>{' '}
        <Text size="xs" c="dimmed" span>
          {plugin.version}
        </Text>
        <Text size="xs" data-testid={`plugin-adds-${plugin.id}`}>
          adds {contributionWords(plugin.contributes)}
        </Text>
        {plugin.description !== '' && (
          <Text size="xs" c="dimmed">
            {plugin.description}
          </Text>
        )}
      </Table.Td>
      <Table.Td data-label="May" data-testid={`plugin-may-${plugin.id}`}>
        {lines.length === 0 ? (
          <Text size="xs" c="dimmed">
            nothing beyond its folder
          </Text>
        ) : (
          lines.map((line) => (
            <Text size="xs" key={line}>
              {line}
            </Text>
          ))
        )}
        {plugin.enabled && !plugin.trusted && (
          <Text size="xs" c="yellow.7">
            asks for more than was accepted
          </Text>
        )}
      </Table.Td>
      <Table.Td data-label="State" data-testid={`plugin-state-${plugin.id}`}>
        <Group gap={6} wrap="wrap">
          <ToneBadge look={look} size="xs" />
          {plugin.restarts > 0 && (
            <Text size="xs" c="dimmed">
              {plugin.restarts} {plugin.restarts === 1 ? 'restart' : 'restarts'}
            </Text>
          )}
        </Group>
        {problem !== null && (
          <Text size="xs" c={problem.now ? 'red' : 'dimmed'} data-testid={`plugin-reason-${plugin.id}`}>
            {problem.now ? problem.text : `last went down: ${problem.text}`}
          </Text>
        )}
        {plugin.state === 'down' && plugin.restartAt !== null && (
          <Text size="xs" c="dimmed">
            starts again <RelativeTime at={plugin.restartAt} future size="xs" />
          </Text>
        )}
      </Table.Td>
      <Table.Td data-card="full">{actions}</Table.Td>
    </Table.Tr>
  );
}
