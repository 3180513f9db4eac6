import { Anchor, Code, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { DeployView } from '../../../../shared/types/deploys';
import { RelativeTime } from '../../components/RelativeTime';
import { servicePath } from '../../shell/pages';
import { OutcomeBadge } from '../jobs/OutcomeBadge';
import { DeployStageList } from './DeployStageList';

const short = (sha: string | null): string => sha?.slice(0, 7) ?? '—';

/** One deploy or rollback: its commit, who started it, each stage with its timing, the outcome and the log. */
export function DeployDetail({ deploy }: { deploy: DeployView }) {
  return (
    <Paper withBorder p="sm" data-testid="deploy" data-deploy-id={deploy.id} data-outcome={deploy.outcome}>
      <Group gap="xs" mb="xs" wrap="wrap">
        <Title order={4} fz="md">
          {deploy.kind === 'deploy' ? 'Deploy' : 'Rollback'} #{deploy.id} of{' '}
          <Anchor href={`#${servicePath(deploy.service)}`} inherit>
            {deploy.service}
          </Anchor>
        </Title>
        <OutcomeBadge value={deploy.outcome} />
        <Text size="sm" c="dimmed">
          started by {deploy.startedBy} <RelativeTime at={deploy.startedAt} />
        </Text>
      </Group>
      <Text size="sm" mb="xs" style={{ overflowWrap: 'anywhere' }}>
        <Code>{deploy.sha === null ? deploy.ref : short(deploy.sha)}</Code> {deploy.subject ?? ''}
        {deploy.author === null ? '' : ` — ${deploy.author}`}
        <Text span size="xs" c="dimmed">
          {' '}
          · was running {short(deploy.previousSha)}, now {short(deploy.currentSha)}
        </Text>
      </Text>
      <Stack gap="sm">
        <DeployStageList stages={deploy.stages} />
        {deploy.message !== null && (
          <Text size="sm" data-testid="deploy-message">
            {deploy.message}
          </Text>
        )}
        {deploy.log !== '' && (
          <Code block mah={240} style={{ overflow: 'auto' }} data-scrolls data-testid="deploy-log" aria-label={`Log of deploy #${deploy.id}`}>
            {deploy.log}
          </Code>
        )}
        {deploy.auditId !== null && (
          <Anchor href={`#/audit/${deploy.auditId}`} size="xs">
            Audit entry #{deploy.auditId}
          </Anchor>
        )}
      </Stack>
    </Paper>
  );
}
