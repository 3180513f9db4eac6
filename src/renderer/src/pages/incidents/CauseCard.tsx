import { Anchor, Badge, Box, Button, Group, List, Paper, Progress, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useState } from 'react';
import type { CauseEvidence, IncidentCause, IncidentView } from '../../../../shared/types/incidents';
import { deniedProps, guard, useCan } from '../../auth/use-can';
import { EvidenceLinks } from '../../components/evidence/EvidenceLinks';
import { WorkspaceDiffToggle } from '../../components/evidence/WorkspaceDiffToggle';
import { causeKindColor, causeKindLabel, scorePercent } from './cause-words';
import { EvidenceLogLines } from './EvidenceLogLines';
import { OnsetChart } from './OnsetChart';

const SHOWN_EXPANDED = 3;

/** The charts of a cause: each distinct chart link once (a service's moves, a series). */
function chartsOf(evidence: readonly CauseEvidence[]): { query: string }[] {
  const queries = new Set<string>();
  for (const item of evidence) if (item.link?.kind === 'chart') queries.add(item.link.query);
  return [...queries].map((query) => ({ query }));
}

/**
 * One ranked candidate: what it is, its score, and its evidence — charts aligned on the onset,
 * the log lines, the config diff of a change, and why it ranked where it did, each claim with
 * its link. "Confirm as cause" records it (audited) for this and later, similar incidents.
 */
export function CauseCard({
  incident,
  cause,
  rank,
  chartWindow,
  confirming,
  onConfirm,
}: {
  incident: IncidentView;
  cause: IncidentCause;
  rank: number;
  chartWindow: { start: number; end: number };
  confirming: boolean;
  onConfirm: (cause: IncidentCause) => void;
}) {
  const can = useCan('incidents.confirmCause');
  const confirmed = incident.confirmed !== null && incident.confirmed.kind === cause.kind && incident.confirmed.target === cause.target;
  const charts = chartsOf(cause.evidence);
  const logs = cause.evidence.flatMap((item) => (item.link?.kind === 'logs' ? [item.link] : []));
  const firstLogs = logs[0];
  const workspace = cause.evidence.flatMap((item) => (item.link?.kind === 'workspace' ? [item.link] : []));
  const live = incident.status === 'open';
  // The first few candidates show their charts, lines and diffs; the rest on request (each chart is a query).
  const [expanded, setExpanded] = useState(rank <= SHOWN_EXPANDED);
  const hasMore = charts.length > 0 || firstLogs !== undefined || workspace.length > 0;
  return (
    <Paper withBorder radius="md" p="sm" data-testid="incident-cause" data-rank={rank} data-kind={cause.kind} data-target={cause.target}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          {/* At least 220 px for what the cause is: on a phone the score and the button go below it rather than squeeze its name. */}
          <Group gap="xs" wrap="wrap" miw={0} style={{ flex: '1 1 220px' }}>
            <Title order={4} fz="md">
              #{rank}
            </Title>
            <Badge color={causeKindColor[cause.kind]} variant="light" size="sm">
              {causeKindLabel[cause.kind]}
            </Badge>
            <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }} miw={0}>
              {cause.target}
            </Text>
            {confirmed && (
              <Badge color="green" variant="filled" size="sm" leftSection={<IconCircleCheck size={12} />} data-testid="cause-confirmed">
                confirmed by {incident.confirmed?.by}
              </Badge>
            )}
          </Group>
          <Group gap="xs" wrap="wrap">
            <Tooltip label="How likely, compared with the other candidates of this incident">
              <Box w={90}>
                <Progress value={cause.score * 100} color={rank === 1 ? 'red' : 'gray'} size="sm" aria-label={`score ${scorePercent(cause.score)}`} />
                <Text size="xs" c="dimmed" ta="right">
                  score {cause.score}
                </Text>
              </Box>
            </Tooltip>
            {!confirmed && (
              <Tooltip label={can.reason ?? 'Record this as what caused the incident; later, similar incidents show it'}>
                <Button
                  size="xs"
                  variant="light"
                  color="green"
                  loading={confirming}
                  onClick={guard(can, () => onConfirm(cause))}
                  {...deniedProps(can)}
                  data-testid="confirm-cause"
                >
                  Confirm as cause
                </Button>
              </Tooltip>
            )}
          </Group>
        </Group>
        <Box>
          <Text size="xs" fw={600} c="dimmed" tt="uppercase">
            Why it ranked here
          </Text>
          <List size="sm" spacing={2} data-testid="cause-why" styles={{ itemWrapper: { minWidth: 0, overflowWrap: 'anywhere' }, itemLabel: { minWidth: 0 } }}>
            {cause.evidence.map((item, index) => (
              <List.Item key={index}>
                <Text span size="sm">
                  {item.text}
                </Text>
                {item.link !== null && item.link.kind !== 'workspace' && <EvidenceLinks links={[item.link]} />}
              </List.Item>
            ))}
          </List>
        </Box>
        {hasMore && !expanded && (
          <Anchor component="button" type="button" size="sm" w="fit-content" onClick={() => setExpanded(true)} data-testid="cause-expand" data-tap>
            Show its{' '}
            {[charts.length > 0 ? 'charts' : null, firstLogs !== undefined ? 'log lines' : null, workspace.length > 0 ? 'diff' : null]
              .filter(Boolean)
              .join(', ')}
          </Anchor>
        )}
        {expanded && charts.length > 0 && (
          <SimpleGrid cols={{ base: 1, md: Math.min(charts.length, 3) }} spacing="sm">
            {charts.map((chart) => (
              <OnsetChart
                key={chart.query}
                query={chart.query}
                start={chartWindow.start}
                end={chartWindow.end}
                onset={incident.start}
                live={live}
                syncKey={`incident-${incident.id}`}
              />
            ))}
          </SimpleGrid>
        )}
        {expanded && firstLogs !== undefined && (
          <Box>
            <Text size="xs" fw={600} c="dimmed" tt="uppercase">
              Log lines of {firstLogs.service}
            </Text>
            <EvidenceLogLines service={firstLogs.service} query={firstLogs.query} start={firstLogs.start} end={chartWindow.end} />
          </Box>
        )}
        {expanded &&
          workspace.map((link) => (
            <Box key={link.versionId}>
              <Text size="xs" fw={600} c="dimmed" tt="uppercase">
                What the change did
              </Text>
              <WorkspaceDiffToggle versionId={link.versionId} previousVersionId={link.previousVersionId} initiallyOpen />
            </Box>
          ))}
      </Stack>
    </Paper>
  );
}
