import { Button, EmptyState, Paper } from '@mantine/core';
import { IconMapQuestion } from '@tabler/icons-react';
import { useLocation } from 'wouter';

/** A link to a page that does not exist (an old bookmark, a typo in the address). */
export function NotFoundPage() {
  const [location] = useLocation();
  return (
    <Paper withBorder p="xl" radius="md" maw={560} mx="auto" mt="xl">
      <EmptyState
        icon={<IconMapQuestion size={32} stroke={1.5} />}
        title="No such page"
        description={`Nothing lives at ${location}. Pick a page from the navigation, or search with Ctrl+K.`}
      >
        <EmptyState.Actions>
          <Button component="a" href="#/" variant="light" size="sm">
            Go to Overview
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    </Paper>
  );
}
