import { Anchor, Badge, CloseButton, Group, Loader, Paper, Stack, Text, Tooltip } from '@mantine/core';
import type { OperationProgress } from '../../../../shared/types/operate';
import { usePageHref } from '../../components/use-page-href';
import { actionWords, stepLook } from '../../format/operation';
import { toneColor } from '../../format/service-status';
import { dismissOperation, useOperationsStore } from '../../stores/operations-store';

const finalSteps = new Set(['ready', 'stopped', 'failed', 'blocked', 'skipped']);

function Step({ step }: { step: OperationProgress }) {
  const look = stepLook[step.step];
  const working = !finalSteps.has(step.step) && step.step !== 'queued';
  return (
    <Tooltip label={step.message} disabled={step.message === look.label} multiline maw={380}>
      <Badge
        size="md"
        variant={look.tone === 'neutral' ? 'outline' : 'light'}
        color={toneColor[look.tone]}
        tt="none"
        leftSection={working ? <Loader size={10} color={toneColor[look.tone]} /> : undefined}
        data-testid={`progress-${step.service}`}
        data-step={step.step}
      >
        <Text span ff="monospace" size="xs" fw={600}>
          {step.service}
        </Text>
        <Text span size="xs">
          {' '}
          {look.label}
        </Text>
      </Badge>
    </Tooltip>
  );
}

/**
 * The latest start/stop/restart, one badge per service, in the order the levels of the
 * dependency graph are handled (level 0 first when starting, last when stopping).
 */
export function OperationPanel() {
  const operation = useOperationsStore((state) => (state.shown === null ? null : (state.operations[state.shown] ?? null)));
  const href = usePageHref();
  if (operation === null) return null;
  const words = actionWords(operation.action);
  const levels = new Map<number, OperationProgress[]>();
  for (const step of operation.steps) levels.set(step.level, [...(levels.get(step.level) ?? []), step]);
  const stopping = operation.steps.some((step) => step.step === 'stopping' || step.step === 'stopped') && operation.action !== 'start';
  const ordered = [...levels.entries()].sort(([a], [b]) => (stopping && operation.result === null ? b - a : a - b));
  const result = operation.result;
  return (
    <Paper withBorder p="xs" mb="sm" data-testid="operation-panel" data-done={result !== null || undefined}>
      <Group justify="space-between" wrap="nowrap" align="flex-start" mb={6}>
        <Group gap={8} style={{ flex: 1, minWidth: 0 }}>
          {result === null && <Loader size={14} />}
          {/* The engine's own sentence: what was done, what was only waited for, what failed and why. */}
          <Text size="sm" fw={600} c={result !== null && !result.ok ? 'red.8' : undefined} data-testid="operation-panel-summary">
            {result === null ? `${words.doing} in dependency order…` : result.summary}
          </Text>
          {result !== null && (
            <Text size="xs" c="dimmed">
              in {(result.durationMs / 1000).toFixed(1)} s
            </Text>
          )}
          <Anchor href={href(`/audit/operation/${encodeURIComponent(operation.id)}`)} size="xs">
            audit entries
          </Anchor>
        </Group>
        <Tooltip label="Hide progress">
          <CloseButton size="sm" aria-label="Hide progress" onClick={dismissOperation} />
        </Tooltip>
      </Group>
      <Stack gap={4}>
        {ordered.map(([level, steps]) => (
          <Group key={level} gap={6} wrap="wrap">
            <Text size="xs" c="dimmed" w={52}>
              level {level}
            </Text>
            {steps.map((step) => (
              <Step key={step.service} step={step} />
            ))}
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}
