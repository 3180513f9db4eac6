import { Badge, Group, Tooltip, UnstyledButton } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCircleDashed, IconCircleX } from '@tabler/icons-react';
import type { HealthLevel, HealthSummary as Health } from '../../../shared/types/app';
import { usePhone } from '../components/use-phone';
import { toneColor, type Tone } from '../format/service-status';
import { useHealthStore } from '../stores/health-store';

const levelLook: Record<HealthLevel, { tone: Tone; word: string; icon: typeof IconCircleCheck }> = {
  ok: { tone: 'ok', word: 'healthy', icon: IconCircleCheck },
  warning: { tone: 'warning', word: 'warning', icon: IconAlertTriangle },
  critical: { tone: 'critical', word: 'critical', icon: IconCircleX },
  unknown: { tone: 'neutral', word: 'no data yet', icon: IconCircleDashed },
};

function describe(health: Health): string {
  const services = `${health.services} service${health.services === 1 ? '' : 's'}`;
  return `${services}: ${health.down} down, ${health.pending} pending; ${health.firing} alert${health.firing === 1 ? '' : 's'} firing`;
}

function CountBadge({ count, word, tone }: { count: number; word: string; tone: Tone }) {
  const active = count > 0;
  return (
    <Badge
      size="sm"
      variant={active ? 'filled' : 'default'}
      color={active ? toneColor[tone] : undefined}
      tt="none"
      fw={active ? 700 : 500}
      style={{ flex: 'none' }}
    >
      {count} {word}
    </Badge>
  );
}

/**
 * The worst state and the counts that need a person (down services, firing alerts), in words. On
 * a phone only what needs a person is counted ("2 down", "1 firing"; pending waits for its
 * retries), and with nothing to count, the state in a word ("healthy").
 */
export function HealthSummary({ onOpen }: { onOpen: () => void }) {
  const health = useHealthStore((state) => state.health);
  const phone = usePhone();
  if (health === null) {
    return (
      <Badge data-testid="health-summary" data-level="loading" variant="default" size="sm" tt="none">
        health…
      </Badge>
    );
  }
  const look = health.services === 0 && health.level === 'ok' ? { ...levelLook.unknown, word: 'no services' } : levelLook[health.level];
  const LevelIcon = look.icon;
  const anything = health.down + health.firing > 0;
  const showLevel = !phone || !anything;
  return (
    <Tooltip label={describe(health)}>
      <UnstyledButton onClick={onOpen} style={{ display: 'flex', alignItems: 'center' }} aria-label={`Health: ${look.word}. ${describe(health)}`}>
        <Group gap={6} wrap="nowrap" data-testid="health-summary" data-level={health.level}>
          {showLevel && (
            <Badge
              size="sm"
              color={toneColor[look.tone]}
              variant={look.tone === 'neutral' ? 'outline' : 'light'}
              leftSection={<LevelIcon size={12} stroke={2} />}
              tt="none"
              style={{ flex: 'none' }}
            >
              {look.word}
            </Badge>
          )}
          {(!phone || health.down > 0) && <CountBadge count={health.down} word="down" tone="critical" />}
          {!phone && health.pending > 0 && <CountBadge count={health.pending} word="pending" tone="warning" />}
          {(!phone || health.firing > 0) && <CountBadge count={health.firing} word="firing" tone="critical" />}
        </Group>
      </UnstyledButton>
    </Tooltip>
  );
}
