import { Badge, Code, Group, Table, Text, Tooltip } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { RuleView } from '../../../../shared/types/alerts';
import { StateBadge } from '../../components/AlertStateBadge';
import { RelativeTime } from '../../components/RelativeTime';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { SortableHeader } from '../../components/SortableHeader';
import { formatValue, ruleLook } from '../../format/alert-look';
import { formatSpan } from '../../format/duration';
import type { ResolvedRange, TimeRange } from '../../format/time-range';
import { RuleGraph } from './RuleGraph';
import { nextSort, sortRows, type SortState, type SortValue } from '../../format/sort';

type Column = 'state' | 'rule' | 'evaluated' | 'value';

const stateRank = (rule: RuleView): number => {
  const look = ruleLook(rule);
  return look.label === 'error' ? 0 : look.tone === 'critical' ? 1 : look.label === 'firing' ? 2 : look.label === 'pending' ? 3 : 4;
};

const sortValueOf: Record<Column, (rule: RuleView) => SortValue> = {
  state: stateRank,
  rule: (rule) => `${rule.group}/${rule.name}`,
  evaluated: (rule) => -(rule.lastEvalAt ?? 0),
  value: (rule) => rule.value ?? Number.NEGATIVE_INFINITY,
};

/** Every rule: its state, expression, when it last ran and how long that took, its value and error. */
export function RulesTable({ rules, range, span }: { rules: readonly RuleView[]; range: TimeRange; span: ResolvedRange }) {
  const [sort, setSort] = useState<SortState<Column>>({ key: 'state', direction: 'asc' });
  const rows = useMemo(() => sortRows(rules, sortValueOf[sort.key], sort.direction), [rules, sort]);
  const header = (key: Column, label: string, width?: number) => (
    <SortableHeader key={key} width={width} active={sort.key === key} direction={sort.direction} onSort={() => setSort((current) => nextSort(current, key))}>
      {label}
    </SortableHeader>
  );
  return (
    <ResponsiveTable phone="cards" stickyHeader stickyHeaderOffset={48} highlightOnHover withTableBorder data-testid="rules-table">
      <Table.Thead>
        <Table.Tr>
          {header('state', 'State', 100)}
          {header('rule', 'Rule')}
          {header('evaluated', 'Last evaluation', 170)}
          {header('value', 'Value', 110)}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((rule) => (
          <Table.Tr key={rule.id} data-testid={`rule-row-${rule.name}`}>
            <Table.Td>
              <StateBadge look={ruleLook(rule)} />
            </Table.Td>
            <Table.Td data-card="full">
              <Group gap={6} wrap="wrap">
                <Text size="sm" fw={600} ff="monospace">
                  {rule.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {rule.group} · every {formatSpan(rule.intervalMs)}
                  {rule.forMs > 0 && ` · for ${formatSpan(rule.forMs)}`}
                  {rule.keepFiringForMs > 0 && ` · keep firing ${formatSpan(rule.keepFiringForMs)}`}
                </Text>
                {rule.labels.severity !== undefined && (
                  <Badge size="xs" variant="default" tt="none" fw={500}>
                    {rule.labels.severity}
                  </Badge>
                )}
              </Group>
              {/* A long expression wraps rather than push the table (or a phone's card) wider. */}
              <Code block fz="xs" mt={4} py={2} px={6} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {rule.expr}
              </Code>
              {rule.graph !== null && <RuleGraph expr={rule.expr} graph={rule.graph} range={range} span={span} />}
              {rule.actions.length > 0 && (
                <Text size="xs" c="dimmed" mt={2}>
                  then: {rule.actions.join('; ')}
                </Text>
              )}
              {rule.lastError !== null && (
                <Text size="xs" c="red" mt={2} data-testid="rule-error">
                  {rule.lastError}
                </Text>
              )}
            </Table.Td>
            <Table.Td data-label="Last evaluation">
              {rule.lastEvalAt === null ? (
                <Text size="xs" c="dimmed">
                  not yet
                </Text>
              ) : (
                <>
                  <RelativeTime at={rule.lastEvalAt} size="xs" />
                  {rule.lastDurationMs !== null && (
                    <Text size="xs" c="dimmed">
                      took {rule.lastDurationMs < 1 ? `${rule.lastDurationMs.toFixed(2)} ms` : formatSpan(rule.lastDurationMs)}
                    </Text>
                  )}
                </>
              )}
            </Table.Td>
            <Table.Td data-label="Value">
              <Tooltip
                label={
                  rule.samples === 0
                    ? 'The expression returned nothing: the condition does not hold (or the series are missing).'
                    : `${rule.samples} series in the result; the first one's value.`
                }
              >
                <Text size="sm" ff="monospace" span>
                  {rule.samples === 0 ? 'no result' : formatValue(rule.value)}
                </Text>
              </Tooltip>
              {rule.samples > 1 && (
                <Text size="xs" c="dimmed">
                  {rule.samples} series
                </Text>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ResponsiveTable>
  );
}
