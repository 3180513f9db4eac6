import { Badge, Group, Paper, ScrollArea, Text, UnstyledButton } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import type { ConfigIssue } from '../../../../shared/types/workspace';
import classes from './ProblemsPanel.module.css';

/**
 * The editor's problems, as the engine reports them, in a panel that stays in view while the
 * file scrolls; a click puts the cursor at the problem.
 */
export function ProblemsPanel({ issues, checked, onPick }: { issues: readonly ConfigIssue[]; checked: boolean; onPick: (issue: ConfigIssue) => void }) {
  return (
    <Paper withBorder p="sm" radius="sm" className={classes.panel} data-testid="config-problems">
      <Group justify="space-between" mb={6} wrap="nowrap">
        <Text fw={600} size="sm">
          Problems
        </Text>
        <Badge size="sm" color={issues.length > 0 ? 'red' : 'green'} variant="light" tt="none" data-testid="config-problem-count">
          {issues.length}
        </Badge>
      </Group>
      {issues.length === 0 ? (
        <Group gap={6} wrap="nowrap">
          <IconCircleCheck size={16} color="var(--mantine-color-green-6)" />
          <Text size="xs" c="dimmed">
            {checked ? 'None: the engine accepts this text.' : 'Checked as you type.'}
          </Text>
        </Group>
      ) : (
        <ScrollArea.Autosize mah={260} type="auto" scrollbars="y">
          {issues.map((issue, index) => (
            <UnstyledButton key={`${issue.line}:${issue.col}:${index}`} className={classes.problem} onClick={() => onPick(issue)} data-testid="config-problem">
              <Text span size="xs" ff="monospace" fw={700} className={classes.where}>
                {issue.line}:{issue.col}
              </Text>
              <Text span size="xs">
                {issue.path !== '' && (
                  <Text span size="xs" ff="monospace" c="dimmed">
                    {issue.path}:{' '}
                  </Text>
                )}
                {issue.message}
              </Text>
            </UnstyledButton>
          ))}
        </ScrollArea.Autosize>
      )}
    </Paper>
  );
}
