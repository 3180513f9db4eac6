import { Box, Button, Group, Text } from '@mantine/core';
import { useMemo } from 'react';
import { Link } from 'wouter';
import type { RuleThreshold } from '../../../../shared/types/explore';
import { LOCAL_HOST } from '../../../../shared/fleet-hosts';
import { unitOfQuery } from '../../format/metric-unit';
import type { ResolvedRange, TimeRange } from '../../format/time-range';
import { explorePath } from '../explore/explore-location';
import { QueryChart } from '../explore/QueryChart';
import { useRangeQuery } from '../explore/use-range-query';
import { ChartWarnings } from '../../components/charts/ChartWarnings';
import { useShownHost } from '../../stores/host-feeds';

/**
 * A rule's expression over the page's range: the side of its comparison that is not the
 * constant, with the constant drawn as a dashed threshold (`probe_success == 0` graphs
 * probe_success with a line at 0). Without such a comparison, the expression alone.
 */
export function RuleGraph({ expr, graph, range, span }: { expr: string; graph: RuleThreshold; range: TimeRange; span: ResolvedRange }) {
  const result = useRangeQuery(graph.query, span.start, span.end, { instant: false });
  const unit = useMemo(() => unitOfQuery(graph.query), [graph.query]);
  // Explore is this console's own (its series); on an agent's pages it would show the wrong host's.
  const onAgent = useShownHost((state) => state.host) !== LOCAL_HOST;
  return (
    // Sized by its column, never by its own content: in the table's automatic layout a chart (and
    // its legend) that measured its cell would widen the cell it measures, and the page with it.
    <Box mt={6} style={{ contain: 'inline-size' }}>
      <Group justify="space-between" gap="xs">
        <Text size="xs" c="dimmed" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
          {graph.value === null ? 'the expression' : `${graph.query} ${graph.op ?? ''} ${unit.format(graph.value)}`}
        </Text>
        {/* A button's height, so a thumb can take it on a phone. */}
        <Group gap={6} wrap="nowrap">
          {result.status === 'done' && <ChartWarnings warnings={result.matrix.warnings} />}
          {!onAgent && (
            <Button component={Link} href={explorePath({ query: expr, range })} size="xs" variant="subtle">
              Explore
            </Button>
          )}
        </Group>
      </Group>
      {result.status === 'error' && (
        <Text size="xs" c="red">
          {result.error.message}
        </Text>
      )}
      {result.status === 'done' && result.matrix.result.length === 0 && (
        <Text size="xs" c="dimmed">
          No data in this range.
        </Text>
      )}
      {result.status === 'done' && result.matrix.result.length > 0 && (
        <QueryChart
          matrix={result.matrix}
          stepMs={result.stepMs}
          range={span}
          unit={unit}
          threshold={graph.value}
          height={120}
          syncKey="rules"
          data-testid="rule-graph"
        />
      )}
    </Box>
  );
}
