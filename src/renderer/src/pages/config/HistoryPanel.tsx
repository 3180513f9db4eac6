import { ActionIcon, Alert, Badge, Button, Checkbox, Code, Group, Loader, Paper, ScrollArea, Table, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconGitCompare, IconX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { ConfigSource, ConfigVersionSummary, WorkspaceView } from '../../../../shared/types/workspace';
import { useBridge } from '../../bridge/use-bridge';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { RelativeTime } from '../../components/RelativeTime';
import { UnifiedDiff } from '../../components/UnifiedDiff';
import { formatBytes } from '../../format/bytes';
import { messageOf } from '../../format/error-message';
import { setWorkspaceView } from '../../stores/workspace-store';
import { deniedProps, guard, useCan } from '../../auth/use-can';

const sourceLabel: Record<ConfigSource, string> = {
  startup: 'startup',
  file: 'file edit',
  app: 'console',
  restore: 'restore',
  cli: 'CLI',
};

interface DiffView {
  from: number;
  to: number;
  text: string;
}

/** The pair to compare: two picked versions (older first), or one picked against the running one. */
function comparison(selected: readonly number[], running: number): [number, number] | null {
  if (selected.length === 2) {
    const [a, b] = selected as [number, number];
    return a < b ? [a, b] : [b, a];
  }
  if (selected.length === 1 && selected[0] !== running) {
    const only = selected[0] as number;
    return only < running ? [only, running] : [running, only];
  }
  return null;
}

/** Every accepted version of this workspace: compare two, or put an earlier one back. */
export function HistoryPanel({ view }: { view: WorkspaceView }) {
  const bridge = useBridge();
  const mayRestore = useCan('workspace.restore');
  const [versions, setVersions] = useState<ConfigVersionSummary[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [selected, setSelected] = useState<number[]>([]);
  const [diff, setDiff] = useState<DiffView | null>(null);
  const [comparing, setComparing] = useState(false);
  const [restoreTarget, setRestoreTarget] = useState<ConfigVersionSummary | null>(null);
  const [restoring, setRestoring] = useState(false);

  useEffect(() => {
    let cancelled = false;
    bridge
      .invoke('workspace.history', { limit: 100 })
      .then((list) => {
        if (cancelled) return;
        setVersions(view.path === null ? list : list.filter((version) => version.file === view.path));
        setLoadError(null);
      })
      .catch((error: unknown) => {
        if (!cancelled) setLoadError(messageOf(error));
      });
    return () => {
      cancelled = true;
    };
  }, [bridge, view.versionId, view.path]);

  const toggle = (id: number): void => {
    setSelected((current) => (current.includes(id) ? current.filter((entry) => entry !== id) : [...current, id].slice(-2)));
  };

  const pair = comparison(selected, view.versionId);

  const compare = async (): Promise<void> => {
    if (pair === null) return;
    setComparing(true);
    try {
      const text = await bridge.invoke('workspace.diff', { from: pair[0], to: pair[1] });
      setDiff({ from: pair[0], to: pair[1], text });
    } catch (error) {
      notifications.show({ color: 'red', title: 'Could not compare the versions', message: messageOf(error) });
    } finally {
      setComparing(false);
    }
  };

  const restore = async (): Promise<void> => {
    if (restoreTarget === null) return;
    setRestoring(true);
    try {
      const restored = await bridge.invoke('workspace.restore', { id: restoreTarget.id });
      setWorkspaceView(restored);
      notifications.show({ color: 'green', title: `Version ${restoreTarget.id} restored`, message: `It is running now as version ${restored.versionId}.` });
      setRestoreTarget(null);
    } catch (error) {
      notifications.show({ color: 'red', title: `Could not restore version ${restoreTarget.id}`, message: messageOf(error), autoClose: false });
    } finally {
      setRestoring(false);
    }
  };

  return (
    <Paper withBorder p="md" radius="sm" data-testid="config-history">
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Text fw={600} size="sm">
          History
        </Text>
        <Tooltip label={pair === null ? 'Pick two versions, or one to compare with the running version' : `Compare version ${pair[0]} with ${pair[1]}`}>
          <Button
            variant="default"
            leftSection={<IconGitCompare size={14} />}
            disabled={pair === null}
            loading={comparing}
            onClick={() => void compare()}
            data-testid="history-compare"
          >
            Compare{pair === null ? '' : ` ${pair[0]} → ${pair[1]}`}
          </Button>
        </Tooltip>
      </Group>
      {loadError !== null && (
        <Alert color="red" variant="light" py={8} mb="xs">
          <Text size="sm">{loadError}</Text>
        </Alert>
      )}
      {versions === null && loadError === null ? (
        <Group justify="center" py="md">
          <Loader size="sm" />
        </Group>
      ) : (
        <ScrollArea.Autosize mah={340} type="auto" offsetScrollbars>
          {/* Too narrow for its columns (a phone), it scrolls within the panel, each row on one line. */}
          <Table stickyHeader highlightOnHover fz="xs" verticalSpacing={4} miw={400} style={{ whiteSpace: 'nowrap' }}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={28} aria-label="Pick" />
                <Table.Th>Version</Table.Th>
                <Table.Th>When</Table.Th>
                <Table.Th>Source</Table.Th>
                <Table.Th ta="right">Size</Table.Th>
                <Table.Th w={36} aria-label="Restore" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(versions ?? []).map((version) => {
                const running = version.id === view.versionId;
                return (
                  <Table.Tr
                    key={version.id}
                    data-testid={`history-row-${version.id}`}
                    bg={selected.includes(version.id) ? 'var(--mantine-primary-color-light)' : undefined}
                  >
                    <Table.Td>
                      <Checkbox
                        size="xs"
                        checked={selected.includes(version.id)}
                        onChange={() => toggle(version.id)}
                        aria-label={`Pick version ${version.id}`}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Text size="xs" fw={600} ff="monospace">
                          {version.id}
                        </Text>
                        {running && (
                          <Badge size="xs" color="green" variant="light" tt="none">
                            running
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <RelativeTime at={version.at} size="xs" />
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">{sourceLabel[version.source]}</Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Tooltip label={`${version.bytes} bytes · sha ${version.hash.slice(0, 12)}`}>
                        <Text size="xs" span>
                          {formatBytes(version.bytes)}
                        </Text>
                      </Tooltip>
                    </Table.Td>
                    <Table.Td>
                      {!running && (
                        <Tooltip
                          label={
                            view.builtIn
                              ? 'The built-in workspace cannot be restored; run `zervigo init`'
                              : mayRestore.allowed
                                ? `Restore version ${version.id}`
                                : `Restore: ${mayRestore.reason ?? ''}`
                          }
                        >
                          <ActionIcon
                            variant="subtle"
                            size="sm"
                            disabled={view.builtIn}
                            {...deniedProps(mayRestore)}
                            onClick={guard(mayRestore, () => setRestoreTarget(version))}
                            aria-label={`Restore version ${version.id}`}
                            data-testid={`history-restore-${version.id}`}
                          >
                            <IconArrowBackUp size={14} />
                          </ActionIcon>
                        </Tooltip>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      )}
      {diff !== null && (
        <>
          <Group justify="space-between" mt="md" mb={6}>
            <Text size="sm" fw={600}>
              Version {diff.from} → version {diff.to}
            </Text>
            <ActionIcon variant="subtle" size="sm" onClick={() => setDiff(null)} aria-label="Close the diff">
              <IconX size={14} />
            </ActionIcon>
          </Group>
          <UnifiedDiff diff={diff.text} />
        </>
      )}
      <ConfirmDialog
        opened={restoreTarget !== null}
        title={`Restore version ${restoreTarget?.id ?? ''}?`}
        confirmLabel="Restore"
        color="orange"
        busy={restoring}
        onConfirm={() => void restore()}
        onCancel={() => setRestoreTarget(null)}
      >
        <Text size="sm">
          Its text is written back to <Code>{view.path ?? 'the workspace file'}</Code> and applied at once, replacing version {view.versionId}
          {view.environment === null ? '' : ` in environment ${view.environment}`}. Version {view.versionId} stays in the history, so this can be undone by
          restoring it.
        </Text>
      </ConfirmDialog>
    </Paper>
  );
}
