import { Alert, Group, List, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { warningsSummary } from '../../format/chart-warnings';

/**
 * What a chart's answer says it lacks (a remote_read store down or slow: history past the local
 * retention may be missing). `icon`: a small yellow sign beside the chart's title, the text in its
 * tooltip and its label; `row`: that sign on a line of its own, at the right, above a chart without
 * a title; `text`: the same as a visible note, where a person is reading one query
 * closely (Explore). Nothing when there is nothing to say.
 */
export function ChartWarnings({ warnings, variant = 'icon' }: { warnings: readonly string[] | undefined; variant?: 'icon' | 'row' | 'text' }) {
  if (warnings === undefined || warnings.length === 0) return null;
  const summary = warningsSummary(warnings);
  if (variant === 'text') {
    return (
      <Alert
        color="yellow"
        variant="light"
        p="xs"
        icon={<IconAlertTriangle size={16} />}
        title="This chart may be incomplete"
        data-testid="chart-warnings-text"
      >
        <List size="xs" spacing={2}>
          {warnings.map((warning) => (
            <List.Item key={warning}>{warning}</List.Item>
          ))}
        </List>
      </Alert>
    );
  }
  if (variant === 'row') {
    return (
      <Group justify="flex-end">
        <ChartWarnings warnings={warnings} />
      </Group>
    );
  }
  return (
    <Tooltip
      label={
        <>
          <Text size="xs" fw={600}>
            This chart may be incomplete
          </Text>
          {warnings.map((warning) => (
            <Text size="xs" key={warning}>
              {warning}
            </Text>
          ))}
        </>
      }
      multiline
      w={320}
      withArrow
    >
      <ThemeIcon
        size="sm"
        variant="light"
        color="yellow"
        radius="xl"
        role="img"
        tabIndex={0}
        aria-label={summary}
        data-testid="chart-warnings"
        style={{ cursor: 'help', flex: 'none' }}
      >
        <IconAlertTriangle size={12} aria-hidden />
      </ThemeIcon>
    </Tooltip>
  );
}
