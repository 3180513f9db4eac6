import { Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { PHONE_BREAKPOINT } from './use-phone';

/** The title row of a page: what it is, one line on what it shows, and its controls. */
export function PageHeader({ title, description, children }: { title: string; description?: ReactNode; children?: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-end" mb="md" wrap="wrap" gap="sm">
      <Stack gap={2} miw={0}>
        <Title order={2} fz="h3">
          {title}
        </Title>
        {description !== undefined && (
          <Text size="sm" c="dimmed">
            {description}
          </Text>
        )}
      </Stack>
      {/* Controls go under the title when the window is too narrow for both; on a phone, across its width. */}
      {children !== undefined && (
        <Group gap="xs" wrap="wrap" w={{ base: '100%', [PHONE_BREAKPOINT]: 'auto' }}>
          {children}
        </Group>
      )}
    </Group>
  );
}
