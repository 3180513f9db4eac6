import { EmptyState, List, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import type { Icon } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/**
 * The empty state of a page whose feature has not landed yet: what it will show, so the
 * operator knows what to expect and where to look meanwhile.
 */
export function PlannedPage({
  icon: PageIcon,
  title,
  summary,
  features,
  meanwhile,
}: {
  icon: Icon;
  title: string;
  summary: string;
  features: string[];
  meanwhile?: ReactNode;
}) {
  return (
    <Paper withBorder p="xl" radius="md" maw={720} mx="auto" mt="xl">
      <EmptyState
        icon={
          <ThemeIcon size={48} radius="xl" variant="light" color="gray">
            <PageIcon size={26} stroke={1.5} />
          </ThemeIcon>
        }
        title={title}
        description={summary}
      >
        <Stack gap="xs" mt="md" align="stretch" w="100%" ta="left">
          <Text size="sm" fw={600}>
            What this page will show
          </Text>
          <List size="sm" spacing={4}>
            {features.map((feature) => (
              <List.Item key={feature}>{feature}</List.Item>
            ))}
          </List>
          {meanwhile !== undefined && (
            <Text size="sm" c="dimmed" mt="xs">
              {meanwhile}
            </Text>
          )}
        </Stack>
      </EmptyState>
    </Paper>
  );
}
