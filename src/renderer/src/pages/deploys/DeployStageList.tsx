import { Badge, Group, Stack, Text } from '@mantine/core';
import type { DeployStageView } from '../../../../shared/types/deploys';
import { formatSpan } from '../../format/duration';
import { useSecondClock } from '../../stores/second-clock';
import { outcomeColor } from '../jobs/OutcomeBadge';

/** How long a stage took, or has run so far (ticking each second while it runs). */
function StageTime({ stage }: { stage: DeployStageView }) {
  const now = useSecondClock();
  if (stage.startedAt === null) return null;
  return (
    <Text size="xs" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
      {formatSpan((stage.finishedAt ?? Math.max(now, stage.startedAt)) - stage.startedAt)}
    </Text>
  );
}

/** A deploy's stages in order, each with its status (a word, not only a colour), its time and what it said. */
export function DeployStageList({ stages }: { stages: readonly DeployStageView[] }) {
  return (
    <Stack gap={4} component="ol" p={0} m={0} style={{ listStyle: 'none' }}>
      {stages.map((stage) => (
        <Group key={stage.name} component="li" gap="xs" wrap="nowrap" align="flex-start" data-stage={stage.name} data-status={stage.status}>
          <Badge
            size="sm"
            miw={88}
            style={{ flexShrink: 0 }}
            variant={stage.status === 'pending' ? 'outline' : 'light'}
            color={outcomeColor[stage.status] ?? 'gray'}
          >
            {stage.name}
          </Badge>
          <Text size="xs" w={52} style={{ flexShrink: 0 }}>
            {stage.status}
          </Text>
          <div style={{ minWidth: 56, flexShrink: 0 }}>
            <StageTime stage={stage} />
          </div>
          {stage.message !== null && (
            <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {stage.message}
            </Text>
          )}
        </Group>
      ))}
    </Stack>
  );
}
