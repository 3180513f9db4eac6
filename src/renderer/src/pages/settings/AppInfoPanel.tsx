import { Code, DataList, Loader, Paper, Text } from '@mantine/core';
import type { ShellKind } from '../../../../shared/types/app';
import { RelativeTime } from '../../components/RelativeTime';
import { useAppInfoStore } from '../../stores/app-info-store';

const shellLabel: Record<ShellKind, string> = {
  desktop: 'desktop app',
  server: 'headless server (web console)',
  cli: 'command line',
};

/** Which Zervigo this is and where it keeps its data. */
export function AppInfoPanel() {
  const info = useAppInfoStore((state) => state.info);
  return (
    <Paper withBorder p="md" radius="sm">
      <Text fw={600} size="sm" mb="xs">
        About
      </Text>
      {info === null ? (
        <Loader size="xs" />
      ) : (
        <DataList size="sm" gap={6} labelWidth={120} data-testid="app-info">
          <DataList.Item>
            <DataList.ItemLabel>Version</DataList.ItemLabel>
            <DataList.ItemValue>
              {info.name} {info.version}
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Running as</DataList.ItemLabel>
            <DataList.ItemValue>{shellLabel[info.shell]}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Data folder</DataList.ItemLabel>
            <DataList.ItemValue>
              <Code>{info.dataDir}</Code>
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Database</DataList.ItemLabel>
            <DataList.ItemValue>
              <Code>{info.databaseFile}</Code>
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Started</DataList.ItemLabel>
            <DataList.ItemValue>
              <RelativeTime at={info.startedAt} size="sm" /> (pid {info.pid})
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Platform</DataList.ItemLabel>
            <DataList.ItemValue>
              {info.platform}, Node {info.node}
            </DataList.ItemValue>
          </DataList.Item>
        </DataList>
      )}
    </Paper>
  );
}
