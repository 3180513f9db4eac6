import { Group, Loader } from '@mantine/core';

/** What a page shows until its data has arrived. */
export function CenteredLoader() {
  return (
    <Group justify="center" mt="xl">
      <Loader size="sm" />
    </Group>
  );
}
