import { Badge, Button, Code, Group, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { AdviceInsight } from '../../../../shared/types/insights';
import { useCan } from '../../auth/use-can';
import { useBridge } from '../../bridge/use-bridge';
import { RelativeTime } from '../../components/RelativeTime';
import { messageOf } from '../../format/error-message';
import { setInsights } from '../../stores/insights-store';
import { EvidenceChart } from './EvidenceChart';

const KIND_LABEL: Record<AdviceInsight['advice'], string> = {
  'alert-flapping': 'flapping alert',
  'probe-timeout': 'probe timeout',
  'memory-growth': 'memory growth',
  'restart-budget': 'restart budget',
  'probe-interval': 'probe interval',
  'unprobed-port': 'unprobed port',
  'log-pattern': 'log pattern',
};

/**
 * One piece of advice: what to do, the numbers that justify it, the series they come from, and
 * Dismiss / Apply. Apply goes through the workspace save dialog (`propose`): the diff first,
 * then a new version in the config history.
 */
export function AdviceCard({
  advice,
  propose,
  applyWhyNot,
}: {
  advice: AdviceInsight;
  propose: (advice: AdviceInsight) => void;
  /** Why Apply is not offered to this person (not an admin, a built-in workspace); null: it is. */
  applyWhyNot: string | null;
}) {
  const bridge = useBridge();
  const dismiss = useCan('insights.dismissAdvice');
  const onDismiss = (): void => {
    bridge.invoke('insights.dismissAdvice', { id: advice.id }).then(setInsights, (error: unknown) => {
      notifications.show({ color: 'red', title: 'Could not dismiss the advice', message: messageOf(error) });
    });
  };
  return (
    <Paper withBorder p="sm" radius="sm" data-advice-id={advice.id} data-testid="advice-card">
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Group gap="xs" wrap="wrap" miw={0}>
            <Badge size="sm" variant="light" color="blue">
              {KIND_LABEL[advice.advice]}
            </Badge>
            <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
              {advice.title}
            </Text>
          </Group>
          <Group gap="xs">
            <Tooltip label={dismiss.reason ?? 'Hide this advice for good'}>
              <Button size="xs" variant="default" onClick={onDismiss} disabled={!dismiss.allowed}>
                Dismiss
              </Button>
            </Tooltip>
            {advice.apply !== null && (
              <Tooltip label={applyWhyNot ?? `Shows the diff, then saves: ${advice.apply.change}`}>
                <Button size="xs" onClick={() => propose(advice)} disabled={applyWhyNot !== null}>
                  Apply…
                </Button>
              </Tooltip>
            )}
          </Group>
        </Group>
        <Text size="sm">{advice.summary}</Text>
        <Group gap={6} wrap="wrap" data-testid="advice-facts">
          {advice.facts.map((fact) => (
            <Badge key={fact.name} size="sm" variant="outline" color="gray" tt="none" title={`${fact.name} = ${fact.value}`}>
              {fact.text}
            </Badge>
          ))}
        </Group>
        {advice.charts.map((chart) => (
          <Stack key={chart.query} gap={2}>
            <Code fz="xs" style={{ overflowWrap: 'anywhere' }}>
              {chart.query}
            </Code>
            <EvidenceChart chart={chart} from={advice.from} to={advice.to} />
          </Stack>
        ))}
        <Group gap="xs" justify="space-between">
          {advice.apply !== null ? (
            <Text size="xs" c="dimmed">
              Apply changes: {advice.apply.change}
            </Text>
          ) : (
            <Text size="xs" c="dimmed">
              Nothing to change in the workspace: this needs a person.
            </Text>
          )}
          <Text size="xs" c="dimmed" span>
            worked out <RelativeTime at={advice.at} size="xs" />
          </Text>
        </Group>
      </Stack>
    </Paper>
  );
}
