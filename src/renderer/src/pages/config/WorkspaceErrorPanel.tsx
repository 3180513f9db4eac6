import { Alert, Group, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ConfigErrorView } from '../../../../shared/types/workspace';
import { ConfigIssueList } from '../../components/ConfigIssueList';
import { RelativeTime } from '../../components/RelativeTime';

/** The last rejected edit, loud, until a good version is applied. */
export function WorkspaceErrorPanel({ error, runningVersion }: { error: ConfigErrorView; runningVersion: number }) {
  const count = error.issues.length;
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={20} />}
      title={`The workspace file has ${count} error${count === 1 ? '' : 's'}; the last good version keeps running`}
      mb="md"
      data-testid="config-error-panel"
    >
      <Group gap={6} mb="xs">
        <Text size="sm">
          The edit was rejected <RelativeTime at={error.at} size="sm" fw={600} />. Version {runningVersion} is still running. Fix the file and save: this
          message goes away once a good version is applied.
        </Text>
      </Group>
      <ConfigIssueList issues={error.issues} testId="config-errors" />
    </Alert>
  );
}
