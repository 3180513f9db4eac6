import { Anchor, Code, Group, Table, Text } from '@mantine/core';
import type { DeployTargetView, DeployView } from '../../../../shared/types/deploys';
import { ColumnHeader } from '../../components/ColumnHeader';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { servicePath } from '../../shell/pages';
import { DeployActionButton } from './DeployActionButton';

/** Each service with deploy:: its repository and branch, the commit it runs, its releases, and Deploy / Roll back. */
export function DeployTargets({
  targets,
  onStarted,
  onError,
}: {
  targets: readonly DeployTargetView[];
  onStarted: (view: DeployView) => void;
  onError: (message: string) => void;
}) {
  return (
    <ResponsiveTable phone="cards" cardColumns={2} withTableBorder data-testid="deploy-targets">
      <Table.Thead>
        <Table.Tr>
          <ColumnHeader width={140}>Service</ColumnHeader>
          <ColumnHeader>Repository</ColumnHeader>
          <ColumnHeader width={110}>Running</ColumnHeader>
          <ColumnHeader width={90}>Releases</ColumnHeader>
          <ColumnHeader width={90}>Trigger</ColumnHeader>
          <ColumnHeader width={190} align="right">
            Actions
          </ColumnHeader>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {targets.map((target) => (
          <Table.Tr key={target.service} data-target={target.service}>
            <Table.Td data-label="Service">
              <Anchor href={`#${servicePath(target.service)}`} fw={600} size="sm">
                {target.service}
              </Anchor>
            </Table.Td>
            <Table.Td data-label="Repository">
              <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                {target.repo} @ {target.ref}
              </Text>
            </Table.Td>
            <Table.Td data-label="Running">
              {target.currentSha === null ? (
                <Text size="sm" c="dimmed">
                  nothing yet
                </Text>
              ) : (
                <Code>{target.currentSha.slice(0, 7)}</Code>
              )}
            </Table.Td>
            <Table.Td data-label="Releases">
              <Text size="sm">{target.releases.length}</Text>
            </Table.Td>
            <Table.Td data-label="Trigger">
              <Text size="sm">{target.trigger}</Text>
            </Table.Td>
            <Table.Td data-card="full">
              <Group gap="xs" justify="flex-end" wrap="nowrap">
                <DeployActionButton
                  service={target.service}
                  kind="rollback"
                  disabledWhy={target.releases.length < 2 ? 'no earlier release to go back to' : null}
                  onStarted={onStarted}
                  onError={onError}
                />
                <DeployActionButton service={target.service} kind="deploy" disabledWhy={null} onStarted={onStarted} onError={onError} />
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ResponsiveTable>
  );
}
