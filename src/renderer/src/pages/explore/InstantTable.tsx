import { Table, Text } from '@mantine/core';
import type { InstantResult } from '../../../../shared/types/explore';
import { ColumnHeader } from '../../components/ColumnHeader';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import type { MetricUnit } from '../../format/metric-unit';
import { seriesName } from './series-name';

interface Row {
  name: string;
  value: string;
}

function rowsOf(result: InstantResult): Row[] {
  switch (result.resultType) {
    case 'scalar':
      return [{ name: 'scalar', value: result.result[1] }];
    case 'vector':
      return result.result.map((one) => ({ name: seriesName(one.metric), value: one.value[1] }));
    case 'matrix':
      return result.result.map((one) => ({ name: seriesName(one.metric), value: one.values.at(-1)?.[1] ?? '' }));
  }
}

/** Each series' value at the end of the range, in the chart's colours and units. */
export function InstantTable({
  result,
  unit,
  at,
  colorOf,
}: {
  result: InstantResult;
  unit: MetricUnit;
  at: string;
  colorOf: (name: string) => string | undefined;
}) {
  const rows = rowsOf(result);
  if (rows.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="explore-table-empty">
        No series has a value at {at}.
      </Text>
    );
  }
  return (
    <ResponsiveTable phone="cards" withTableBorder data-testid="explore-table">
      <Table.Thead>
        <Table.Tr>
          <ColumnHeader>Series</ColumnHeader>
          <ColumnHeader width={140}>Value at {at}</ColumnHeader>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => {
          const number = Number(row.value);
          return (
            <Table.Tr key={row.name}>
              <Table.Td data-card="full">
                <Text
                  size="sm"
                  ff="monospace"
                  style={{ overflowWrap: 'anywhere', borderLeft: `3px solid ${colorOf(row.name) ?? 'transparent'}`, paddingLeft: 6 }}
                >
                  {row.name}
                </Text>
              </Table.Td>
              <Table.Td data-label="Value">
                <Text size="sm" ff="monospace" title={row.value}>
                  {Number.isFinite(number) ? unit.format(number) : row.value}
                </Text>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </ResponsiveTable>
  );
}
