import { Badge, Code, DataList, Group, Paper, Text, Tooltip } from '@mantine/core';
import type { WorkspaceView } from '../../../../shared/types/workspace';
import { RelativeTime } from '../../components/RelativeTime';
import { EnvironmentSwitcher } from './EnvironmentSwitcher';

const countLabels: [keyof WorkspaceView['counts'], string][] = [
  ['services', 'service'],
  ['probes', 'probe'],
  ['rules', 'rule'],
  ['routes', 'route'],
  ['channels', 'channel'],
];

/** "1 route", "2 routes". */
const counted = (count: number, noun: string): string => `${noun}${count === 1 ? '' : 's'}`;

/** Which workspace is running: its file, name, environment, version and what it declares. */
export function WorkspaceSummary({ view }: { view: WorkspaceView }) {
  return (
    <Paper withBorder p="md" radius="sm" mb="md">
      <DataList size="sm" gap={8} labelWidth={110}>
        <DataList.Item>
          <DataList.ItemLabel>File</DataList.ItemLabel>
          <DataList.ItemValue>
            {view.path === null ? (
              <Group gap="xs">
                <Badge variant="outline" color="gray" tt="none" data-testid="config-workspace-path">
                  built-in
                </Badge>
                <Text size="xs" c="dimmed">
                  no zervigo.yaml was found; run <Code>zervigo init</Code> to write one
                </Text>
              </Group>
            ) : (
              <Code data-testid="config-workspace-path" fz="sm">
                {view.path}
              </Code>
            )}
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Name</DataList.ItemLabel>
          <DataList.ItemValue>
            <Text size="sm" fw={600}>
              {view.name}
            </Text>
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Environment</DataList.ItemLabel>
          <DataList.ItemValue>
            <EnvironmentSwitcher view={view} />
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Running</DataList.ItemLabel>
          <DataList.ItemValue>
            <Text size="sm" span>
              version <b data-testid="config-version">{view.versionId}</b>, loaded <RelativeTime at={view.loadedAt} size="sm" />
            </Text>
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Declares</DataList.ItemLabel>
          <DataList.ItemValue>
            <Group gap="md" style={{ rowGap: 2 }}>
              {countLabels.map(([key, noun]) => (
                <Tooltip key={key} label={`${view.counts[key]} ${counted(view.counts[key], noun)} in the running version`}>
                  <Text size="sm" span>
                    <b>{view.counts[key]}</b> {counted(view.counts[key], noun)}
                  </Text>
                </Tooltip>
              ))}
            </Group>
          </DataList.ItemValue>
        </DataList.Item>
      </DataList>
    </Paper>
  );
}
