import { Badge, Button, Code, Group, Paper, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconPencil, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import type { WorkspaceEdit } from '../../../../shared/types/workspace';
import { ColumnHeader } from '../../components/ColumnHeader';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { useWorkspaceEdit } from '../../components/use-workspace-edit';
import { rawWorkspace } from './raw-workspace';
import { TimeWindowFormDialog } from './TimeWindowFormDialog';
import { describePeriod, newPeriod, routeSummariesOf, timeWindowFormOf, timeWindowValueOf, type TimeWindowForm } from './time-window-form';

/**
 * Maintenance windows (`time_windows:`): weekly periods during which the routes that name them
 * in `mute_when:` send nothing. Edited as forms, written to the workspace file through the
 * diff-first save.
 */
export function TimeWindowsSetting() {
  const workspace = useWorkspaceEdit();
  const [editing, setEditing] = useState<{ form: TimeWindowForm; existing: boolean } | null>(null);
  const raw = rawWorkspace(workspace.content);
  const windows = typeof raw.time_windows === 'object' && raw.time_windows !== null ? (raw.time_windows as Record<string, unknown>) : {};
  const routes = routeSummariesOf(raw.routes);

  const done = async (form: TimeWindowForm | null, original: TimeWindowForm): Promise<void> => {
    const name = form?.name ?? original.name;
    const muted = form?.mutedRoutes ?? [];
    const edits: WorkspaceEdit[] = [
      form === null ? { path: ['time_windows', name], delete: true } : { path: ['time_windows', name], value: timeWindowValueOf(form) },
    ];
    for (const route of routes) {
      const wanted = muted.includes(route.index);
      if (wanted === route.muteWhen.includes(name)) continue;
      const next = wanted ? [...route.muteWhen, name] : route.muteWhen.filter((entry) => entry !== name);
      edits.push(
        next.length === 0 ? { path: ['routes', route.index, 'mute_when'], delete: true } : { path: ['routes', route.index, 'mute_when'], value: next },
      );
    }
    await workspace.propose(edits, `maintenance window ${name}`, () => setEditing(null));
  };

  return (
    <Paper withBorder p="md" radius="sm" data-testid="time-windows">
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={600} size="sm">
            Maintenance windows
          </Text>
          <Tooltip label={workspace.whyNot ?? 'Written to the workspace file (time_windows:), after showing the diff'}>
            <Button
              variant="light"
              leftSection={<IconPlus size={14} />}
              disabled={!workspace.editable}
              onClick={() => setEditing({ form: { name: '', periods: [newPeriod()], mutedRoutes: routes.map((route) => route.index) }, existing: false })}
              data-testid="time-window-add"
            >
              Add window
            </Button>
          </Tooltip>
        </Group>
        <Text size="xs" c="dimmed">
          Weekly periods during which routes that name them in <Code>mute_when:</Code> send nothing; alerts are still shown, marked muted.
        </Text>
        {Object.keys(windows).length === 0 ? (
          <Text size="sm" c="dimmed">
            No maintenance windows.
          </Text>
        ) : (
          <ResponsiveTable phone="cards" data-testid="time-windows-table">
            <Table.Thead>
              <Table.Tr>
                <ColumnHeader>Window</ColumnHeader>
                <ColumnHeader>When</ColumnHeader>
                <ColumnHeader width={110}>Mutes</ColumnHeader>
                <ColumnHeader width={100} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {Object.entries(windows).map(([name, value]) => {
                const form = timeWindowFormOf(name, value, routes);
                return (
                  <Table.Tr key={name} data-testid={`time-window-row-${name}`}>
                    <Table.Td>
                      <Text size="sm" fw={600} ff="monospace">
                        {name}
                      </Text>
                    </Table.Td>
                    <Table.Td data-card="full" data-label="When">
                      {form.periods.map((period, index) => (
                        <Text key={index} size="xs">
                          {describePeriod(period)}
                        </Text>
                      ))}
                    </Table.Td>
                    <Table.Td data-label="Mutes">
                      <Badge size="sm" variant="light" color={form.mutedRoutes.length === 0 ? 'yellow' : 'gray'} tt="none">
                        {form.mutedRoutes.length === 0 ? 'no route' : `${form.mutedRoutes.length} route${form.mutedRoutes.length === 1 ? '' : 's'}`}
                      </Badge>
                    </Table.Td>
                    <Table.Td data-card="full">
                      <Button
                        variant="subtle"
                        w={76}
                        leftSection={<IconPencil size={12} />}
                        disabled={!workspace.editable}
                        onClick={() => setEditing({ form, existing: true })}
                        aria-label={`Edit window ${name}`}
                        data-thumb
                        data-testid={`time-window-edit-${name}`}
                      >
                        Edit
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </ResponsiveTable>
        )}
      </Stack>
      {editing !== null && (
        <TimeWindowFormDialog
          key={`${editing.existing ? 'edit' : 'new'}-${editing.form.name}`}
          initial={editing.form}
          existing={editing.existing}
          taken={Object.keys(windows)}
          routes={routes}
          onClose={() => setEditing(null)}
          onDone={(form) => void done(form, editing.form)}
        />
      )}
      {workspace.dialog}
    </Paper>
  );
}
