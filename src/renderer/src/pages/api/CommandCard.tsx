import { ActionIcon, Badge, Code, CopyButton, Group, Paper, ScrollArea, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { curlLine, inputSchemaOf, type ApiCommand } from './curl-line';
import { schemaRows } from '../../../../shared/openapi/schema-rows';

const METHOD_COLORS: Record<string, string> = { get: 'blue', post: 'green', put: 'orange', delete: 'red' };

function Route({ method, path }: { method: string; path: string }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Badge size="sm" radius="sm" variant="light" color={METHOD_COLORS[method] ?? 'gray'} w={62}>
        {method.toUpperCase()}
      </Badge>
      <Code style={{ whiteSpace: 'nowrap' }}>{path}</Code>
    </Group>
  );
}

/** One command of the API: its routes, what it takes, and a curl line to try it. */
export function CommandCard({ command, serverUrl }: { command: ApiCommand; serverUrl: string }) {
  const rows = schemaRows(inputSchemaOf(command));
  const curl = curlLine(command, serverUrl);
  return (
    <Paper withBorder p="sm" radius="md" id={`command-${command.name}`} data-testid="api-command">
      <Stack gap={8}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Text ff="monospace" fw={700} size="sm">
            {command.name}
          </Text>
          <Group gap={6}>
            {command.extensions.map(([key, value]) => (
              <Badge key={key} size="sm" variant="outline" color="grape" title={`${key} (from the contract)`}>
                {key}: {typeof value === 'string' ? value : JSON.stringify(value)}
              </Badge>
            ))}
          </Group>
        </Group>
        <Text size="sm">{command.summary}</Text>
        <ScrollArea type="auto" offsetScrollbars="x">
          <Stack gap={4}>
            {command.rest !== null && <Route method={command.rest.method} path={command.rest.path} />}
            {command.rpc !== null && <Route method={command.rpc.method} path={command.rpc.path} />}
          </Stack>
        </ScrollArea>
        {rows.length === 0 ? (
          <Text size="xs" c="dimmed">
            No input.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={520} type="native">
            <Table withTableBorder withColumnBorders verticalSpacing={4} horizontalSpacing="xs" fz="xs" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Field</Table.Th>
                  <Table.Th>Type</Table.Th>
                  <Table.Th>Required</Table.Th>
                  <Table.Th>Default</Table.Th>
                  <Table.Th>Rules</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr key={row.path}>
                    <Table.Td ff="monospace">{row.path}</Table.Td>
                    <Table.Td ff="monospace">{row.type}</Table.Td>
                    <Table.Td>
                      {row.required ? (
                        <Badge size="xs" color="red" variant="light">
                          required
                        </Badge>
                      ) : (
                        <Text span size="xs" c="dimmed">
                          optional
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ff="monospace">{row.defaultValue ?? ''}</Table.Td>
                    <Table.Td>{row.notes.join('; ')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <Group gap={4} wrap="nowrap" align="flex-start">
          <Code block style={{ flex: 1, minWidth: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }} data-testid="api-curl">
            {curl}
          </Code>
          <CopyButton value={curl}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? 'Copied' : 'Copy the curl line'} withArrow>
                <ActionIcon variant="subtle" color={copied ? 'green' : 'gray'} onClick={copy} aria-label={`Copy the curl line of ${command.name}`}>
                  {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
      </Stack>
    </Paper>
  );
}
