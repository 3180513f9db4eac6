import { Badge, Code, Group, Paper, Stack, Text } from '@mantine/core';
import type { AdviceChart, FindingInsight } from '../../../../shared/types/insights';
import { RelativeTime } from '../../components/RelativeTime';
import { formatSpan } from '../../format/duration';
import { EvidenceChart } from './EvidenceChart';

const SEVERITY_COLOR: Record<FindingInsight['severity'], string> = { critical: 'red', warning: 'yellow', info: 'blue' };

/** Charts show this much before a finding began: what led to it. */
const CHART_LEAD_MS = 30 * 60_000;

/**
 * The chart of one evidence series. Its selector is printed just above, so the legend names only
 * the metric (the whole selector there wrapped over three lines on a phone); a success or ratio
 * series reads as a percentage.
 */
function evidenceChart(selector: string): AdviceChart {
  const metric = selector.split('{')[0] || selector;
  return { title: metric, query: selector, unit: /(_success|_ratio)$/.test(metric) ? 'ratio' : 'count' };
}

/** One finding of an analyser plugin: its severity, what it is about, its sentence, who found it, and the series that show it. */
export function FindingCard({ finding }: { finding: FindingInsight }) {
  return (
    <Paper withBorder p="sm" radius="sm" data-finding-id={finding.id} data-testid="finding-card">
      <Stack gap={6}>
        <Group gap="xs" wrap="wrap" miw={0}>
          <Badge size="sm" variant="light" color={SEVERITY_COLOR[finding.severity]}>
            {finding.severity}
          </Badge>
          <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
            {finding.target}
          </Text>
          {finding.endedAt === null ? (
            <Badge size="xs" color="yellow" variant="light">
              ongoing
            </Badge>
          ) : (
            <Text size="xs" c="dimmed">
              ended after {formatSpan(Math.max(finding.endedAt - finding.startedAt, 1_000))}
            </Text>
          )}
        </Group>
        <Text size="sm">{finding.summary}</Text>
        {finding.evidence.map((selector) => (
          <Stack key={selector} gap={2}>
            <Code fz="xs" style={{ overflowWrap: 'anywhere' }}>
              {selector}
            </Code>
            <EvidenceChart chart={evidenceChart(selector)} from={finding.startedAt - CHART_LEAD_MS} to={finding.endedAt ?? finding.lastAt} />
          </Stack>
        ))}
        <Group gap="xs" justify="space-between">
          <Text size="xs" c="dimmed">
            analyser {finding.analyser} ({finding.analyserKind}, plugin {finding.plugin})
          </Text>
          <Text size="xs" c="dimmed" span>
            since <RelativeTime at={finding.startedAt} size="xs" />
          </Text>
        </Group>
      </Stack>
    </Paper>
  );
}
