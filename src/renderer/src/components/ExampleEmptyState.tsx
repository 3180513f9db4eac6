import { EmptyState, Paper, Stack, ThemeIcon } from '@mantine/core';
import type { ReactNode } from 'react';

/** A page with nothing declared yet: what will appear, then (children) an example and where to add it. */
export function ExampleEmptyState({
  testId,
  icon,
  title,
  description,
  children,
}: {
  testId: string;
  icon: ReactNode;
  title: string;
  description: string;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p={{ base: 'md', sm: 'xl' }} radius="md" maw={720} mx="auto" mt="lg" data-testid={testId}>
      <EmptyState
        icon={
          <ThemeIcon size={48} radius="xl" variant="light" color="gray">
            {icon}
          </ThemeIcon>
        }
        title={title}
        description={description}
      >
        <Stack gap="sm" mt="md" w="100%" ta="left">
          {children}
        </Stack>
      </EmptyState>
    </Paper>
  );
}
