import { Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A column header that does not sort, styled like the sortable ones. */
export function ColumnHeader({ children, width }: { children?: ReactNode; width?: number | string }) {
  return (
    <Table.Th w={width} px="sm" py={6}>
      <Text fw={600} size="xs" tt="uppercase" c="dimmed">
        {children}
      </Text>
    </Table.Th>
  );
}
