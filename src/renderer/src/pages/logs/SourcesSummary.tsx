import { Badge, Button, Group, Popover, Stack, Table, Text } from '@mantine/core';
import type { LogSourceState, LogsStatus } from '../../../../shared/types/logs';
import { formatBytes } from '../../format/bytes';
import { RelativeTime } from '../../components/RelativeTime';

const stateColor: Record<LogSourceState, string> = { following: 'green', waiting: 'gray', error: 'red', unavailable: 'gray', skipped: 'gray' };

/** "3 sources · 1 failing": what is being read, and what cannot be, one click away. */
export function SourcesSummary({ status }: { status: LogsStatus }) {
  const failing = status.sources.filter((source) => source.state === 'error').length;
  return (
    <Popover width={640} position="bottom-end" shadow="md">
      <Popover.Target>
        <Button variant="default" size="xs" data-testid="log-sources-button">
          {status.sources.length} source{status.sources.length === 1 ? '' : 's'}
          {failing > 0 && (
            <Badge ml={6} size="xs" color="red">
              {failing} failing
            </Badge>
          )}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text size="xs" c="dimmed">
            Store: {status.store.lines.toLocaleString('en-US')} lines, {formatBytes(status.store.bytes)} of {formatBytes(status.store.maxBytes)}
            {status.store.oldestAt !== null && (
              <>
                {' '}
                · oldest <RelativeTime at={status.store.oldestAt} size="xs" />
              </>
            )}
          </Text>
          <Table withTableBorder fz="xs" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Source</Table.Th>
                <Table.Th>Service</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Lines</Table.Th>
                <Table.Th>Last line</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {status.sources.map((source) => (
                <Table.Tr key={source.key}>
                  <Table.Td>
                    <Text size="xs" ff="monospace" lineClamp={1} title={source.name}>
                      {source.name}
                    </Text>
                    {source.message !== null && (
                      <Text size="xs" c={source.state === 'error' ? 'red' : 'dimmed'}>
                        {source.message}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{source.service}</Table.Td>
                  <Table.Td>
                    <Badge size="xs" variant="light" color={stateColor[source.state]}>
                      {source.state}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {source.lines.toLocaleString('en-US')}
                    {source.copies > 0 && (
                      <Text size="xs" c="dimmed" title="Lines this service's output and its log file both delivered: stored once, from whichever came first">
                        +{source.copies.toLocaleString('en-US')} already stored
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{source.lastLineAt === null ? '—' : <RelativeTime at={source.lastLineAt} size="xs" />}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group gap={4}>
            <Text size="xs" c="dimmed">
              Sources come from the workspace: <code>logs:</code> under a service, or the top-level <code>logs:</code> (files, tmux, journal).
            </Text>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
