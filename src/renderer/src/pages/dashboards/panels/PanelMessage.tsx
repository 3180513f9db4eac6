import { Alert, Center, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';

/** Why a panel shows nothing: its query failed (red, with the engine's words), or it has no data. */
export function PanelMessage({ error, children }: { error?: boolean; children: string }) {
  if (error === true)
    return (
      <Alert color="red" variant="light" icon={<IconAlertTriangle size={16} />} title="The query failed" p="xs" data-testid="panel-error">
        <Text size="xs" style={{ overflowWrap: 'anywhere' }}>
          {children}
        </Text>
      </Alert>
    );
  return (
    <Center h="100%">
      <Text size="sm" c="dimmed" ta="center" data-testid="panel-empty">
        {children}
      </Text>
    </Center>
  );
}
