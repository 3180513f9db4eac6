import { Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A column header that does not sort, styled like the sortable ones. */
export function ColumnHeader({ children, width, align }: { children?: ReactNode; width?: number | string; align?: 'right' }) {
  return (
    <Table.Th w={width} px="sm" py={6} style={{ whiteSpace: 'nowrap' }}>
      <Text fw={600} size="xs" tt="uppercase" c="dimmed" ta={align}>
        {children}
      </Text>
    </Table.Th>
  );
}
