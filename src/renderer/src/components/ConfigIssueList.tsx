import { List, Text, Tooltip } from '@mantine/core';
import type { ConfigIssue } from '../../../shared/types/workspace';
import { issueLocation } from '../format/config-issue';

/** Problems in a workspace file as `file:line:col: message`, one per line, monospace. */
export function ConfigIssueList({ issues, testId }: { issues: readonly ConfigIssue[]; testId?: string }) {
  return (
    <List data-testid={testId} spacing={4} size="sm" listStyleType="none" ff="monospace">
      {issues.map((issue, index) => (
        <List.Item key={`${issue.line}:${issue.col}:${index}`}>
          <Tooltip label={issue.file}>
            <Text span ff="monospace" fz="sm" fw={700}>
              {issueLocation(issue, true)}
            </Text>
          </Tooltip>
          <Text span ff="monospace" fz="sm">
            {': '}
            {issue.path !== '' && (
              <Text span ff="monospace" fz="sm" c="dimmed">
                {issue.path}:{' '}
              </Text>
            )}
            {issue.message}
          </Text>
        </List.Item>
      ))}
    </List>
  );
}
