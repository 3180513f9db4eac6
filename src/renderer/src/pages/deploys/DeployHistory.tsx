import { Code, Table, Text, UnstyledButton } from '@mantine/core';
import type { DeployView } from '../../../../shared/types/deploys';
import { ColumnHeader } from '../../components/ColumnHeader';
import { RelativeTime } from '../../components/RelativeTime';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { formatSpan } from '../../format/duration';
import { useNow } from '../../stores/clock-store';
import { OutcomeBadge } from '../jobs/OutcomeBadge';
import { stageTimings } from './deploy-progress';

/** Deploys and rollbacks across services, newest first; a row's number opens it (stages, log) above the table. */
export function DeployHistory({ deploys, selected, onSelect }: { deploys: readonly DeployView[]; selected: number | null; onSelect: (id: number) => void }) {
  const now = useNow();
  return (
    <ResponsiveTable phone="cards" cardColumns={3} stickyHeader stickyHeaderOffset={48} withTableBorder highlightOnHover data-testid="deploy-history">
      <Table.Thead>
        <Table.Tr>
          <ColumnHeader width={70}>#</ColumnHeader>
          <ColumnHeader width={120}>Service</ColumnHeader>
          <ColumnHeader>Commit</ColumnHeader>
          <ColumnHeader width={110}>Started by</ColumnHeader>
          <ColumnHeader width={100}>When</ColumnHeader>
          <ColumnHeader width={140}>Outcome</ColumnHeader>
          <ColumnHeader>Stages</ColumnHeader>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {deploys.map((deploy) => (
          <Table.Tr
            key={deploy.id}
            data-deploy={deploy.id}
            data-outcome={deploy.outcome}
            bg={deploy.id === selected ? 'var(--mantine-primary-color-light)' : undefined}
            onClick={() => onSelect(deploy.id)}
            style={{ cursor: 'pointer' }}
          >
            <Table.Td data-label="">
              {/* The keyboard's way in: the row's click is the mouse's. */}
              <UnstyledButton
                onClick={() => onSelect(deploy.id)}
                aria-label={`Show ${deploy.kind} #${deploy.id} of ${deploy.service}`}
                aria-pressed={deploy.id === selected}
                data-thumb
              >
                <Text size="sm" fw={600} td="underline">
                  {deploy.kind === 'rollback' ? '↩ ' : ''}#{deploy.id}
                </Text>
              </UnstyledButton>
            </Table.Td>
            <Table.Td data-label="Service">
              <Text size="sm" fw={600}>
                {deploy.service}
              </Text>
            </Table.Td>
            <Table.Td data-card="full" data-label="Commit">
              <Text size="sm" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
                <Code>{deploy.sha?.slice(0, 7) ?? deploy.ref}</Code> {deploy.subject ?? ''}
                {deploy.author === null ? '' : <Text span size="xs" c="dimmed">{` — ${deploy.author}`}</Text>}
              </Text>
            </Table.Td>
            <Table.Td data-label="Started by">
              <Text size="sm">{deploy.startedBy}</Text>
            </Table.Td>
            <Table.Td data-label="When">
              <RelativeTime at={deploy.startedAt} size="sm" />
            </Table.Td>
            <Table.Td data-label="Outcome">
              <OutcomeBadge value={deploy.outcome} />
              {deploy.finishedAt !== null && (
                <Text size="xs" c="dimmed">
                  in {formatSpan(deploy.finishedAt - deploy.startedAt)}
                </Text>
              )}
            </Table.Td>
            <Table.Td data-card="full" data-label="Stages">
              <Text size="xs" c="dimmed" lineClamp={2} data-testid={`deploy-timings-${deploy.id}`}>
                {stageTimings(deploy, now) || (deploy.message ?? '')}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ResponsiveTable>
  );
}
