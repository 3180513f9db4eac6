import { Group, Table, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconChevronUp, IconSelector } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { SortDirection } from '../format/sort';

/** A column header that sorts its table when clicked; shows which way it sorts. */
export function SortableHeader({
  children,
  active,
  direction,
  onSort,
  width,
}: {
  children: ReactNode;
  active: boolean;
  direction: SortDirection;
  onSort: () => void;
  width?: number | string;
}) {
  const SortIcon = active ? (direction === 'asc' ? IconChevronUp : IconChevronDown) : IconSelector;
  return (
    <Table.Th w={width} aria-sort={active ? (direction === 'asc' ? 'ascending' : 'descending') : 'none'} p={0}>
      <UnstyledButton onClick={onSort} px="sm" py={6} w="100%">
        <Group gap={4} wrap="nowrap" justify="space-between">
          <Text fw={600} size="xs" tt="uppercase" c={active ? undefined : 'dimmed'} style={{ whiteSpace: 'nowrap' }}>
            {children}
          </Text>
          <SortIcon size={14} stroke={1.6} opacity={active ? 1 : 0.5} />
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}
