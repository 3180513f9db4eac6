import { Alert, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconGitMerge } from '@tabler/icons-react';
import { ConfigIssueList } from '../../components/ConfigIssueList';
import { restartToApplyText } from '../../../../shared/restart-to-apply';
import type { EditOutcome } from './edit-outcome';

/** The answer to Validate or Save, right under the editor. */
export function EditOutcomeNotice({ outcome }: { outcome: EditOutcome }) {
  switch (outcome.kind) {
    case 'none':
      return null;
    case 'valid':
      return (
        <Alert color="green" variant="light" icon={<IconCircleCheck size={18} />} py={8} data-testid="config-validate-result">
          <Text size="sm">No problems found. Save to apply it.</Text>
          {outcome.restartToApply.map((entry) => (
            <Text size="sm" key={entry.service} ff="monospace" data-testid={`config-restart-to-apply-${entry.service}`}>
              {entry.service}: {restartToApplyText(entry.fields)}
            </Text>
          ))}
        </Alert>
      );
    case 'saved':
      return (
        <Alert color="green" variant="light" icon={<IconCircleCheck size={18} />} py={8} data-testid="config-validate-result">
          <Text size="sm">Saved and applied: version {outcome.versionId} is running.</Text>
        </Alert>
      );
    case 'issues':
      return (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertTriangle size={18} />}
          title={`${outcome.saving ? 'Not saved: ' : ''}${outcome.issues.length} problem${outcome.issues.length === 1 ? '' : 's'} in this text`}
          data-testid="config-validate-result"
        >
          <ConfigIssueList issues={outcome.issues} testId="config-validate-issues" />
        </Alert>
      );
    case 'conflict':
      return (
        <Alert color="yellow" variant="light" icon={<IconGitMerge size={18} />} title="Not saved: conflict" data-testid="config-validate-result">
          <Text size="sm">{outcome.message}</Text>
        </Alert>
      );
    case 'failed':
      return (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="Not saved" data-testid="config-validate-result">
          <Text size="sm">{outcome.message}</Text>
        </Alert>
      );
  }
}
