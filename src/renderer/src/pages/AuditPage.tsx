import { Anchor, Badge, Button, Group, Loader, Select, Table, Text, Tooltip } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import type { AuditEntry, AuditOutcome } from '../../../shared/types/operate';
import { useBridge } from '../bridge/use-bridge';
import { usePageHref } from '../components/use-page-href';
import { ColumnHeader } from '../components/ColumnHeader';
import { PageFilter } from '../components/PageFilter';
import { PageHeader } from '../components/PageHeader';
import { PlannedPage } from '../components/PlannedPage';
import { RelativeTime } from '../components/RelativeTime';
import { ResponsiveTable } from '../components/ResponsiveTable';
import { formatSpan } from '../format/duration';
import { messageOf } from '../format/error-message';
import { auditOutcomeLook } from '../format/operation';
import { toneColor } from '../format/service-status';
import { matchesQuery } from '../format/sort';
import { mergeAuditEntries, useAuditStore } from '../stores/audit-store';

const outcomes = Object.entries(auditOutcomeLook).map(([value, look]) => ({ value, label: look.label }));

function OutcomeBadge({ outcome }: { outcome: AuditOutcome }) {
  const look = auditOutcomeLook[outcome];
  return (
    <Badge size="sm" color={toneColor[look.tone]} variant={look.tone === 'neutral' ? 'outline' : 'light'} miw={64}>
      {look.label}
    </Badge>
  );
}

function Details({ entry }: { entry: AuditEntry }) {
  if (entry.details === null) return null;
  const output = typeof entry.details.output === 'string' && entry.details.output !== '' ? entry.details.output : null;
  return output === null ? null : (
    <Text size="xs" ff="monospace" c="dimmed" lineClamp={3} style={{ whiteSpace: 'pre-wrap' }}>
      {output}
    </Text>
  );
}

/**
 * Every action on a service, session or terminal — by a person, a rule or the supervisor —
 * newest first: when, who, what, on what, the outcome and how long it took.
 */
export function AuditPage({ focus, operation }: { focus: number | null; operation: string | null }) {
  const bridge = useBridge();
  const href = usePageHref();
  const entries = useAuditStore((state) => state.entries);
  const load = useAuditStore((state) => state.load);
  const [filter, setFilter] = useState('');
  const [outcome, setOutcome] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [exhausted, setExhausted] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // A linked entry or operation may be older than what the store holds: fetch it.
  useEffect(() => {
    if (focus !== null)
      bridge.invoke('audit.get', { id: focus }).then(
        (entry) => mergeAuditEntries([entry]),
        (failure: unknown) => setError(messageOf(failure)),
      );
    if (operation !== null) bridge.invoke('audit.list', { operation, limit: 500 }).then(mergeAuditEntries, (failure: unknown) => setError(messageOf(failure)));
  }, [bridge, focus, operation]);
  useEffect(() => {
    if (focus === null) return;
    document.querySelector(`[data-audit-id="${focus}"]`)?.scrollIntoView({ block: 'center' });
  }, [focus, entries.length]);

  const visible = useMemo(
    () =>
      entries.filter(
        (entry) =>
          (operation === null || entry.operation === operation) &&
          (outcome === null || entry.outcome === outcome) &&
          matchesQuery([entry.actor, entry.action, entry.target, entry.message ?? ''], filter),
      ),
    [entries, operation, outcome, filter],
  );

  const loadMore = (): void => {
    const oldest = entries.at(-1)?.id;
    if (oldest === undefined) return;
    setLoadingMore(true);
    bridge
      .invoke('audit.list', { before: oldest, limit: 200 })
      .then(
        (page) => {
          mergeAuditEntries(page);
          if (page.length < 200) setExhausted(true);
        },
        (failure: unknown) => setError(messageOf(failure)),
      )
      .finally(() => setLoadingMore(false));
  };

  if (load.status === 'loading') {
    return (
      <Group justify="center" mt="xl">
        <Loader size="sm" />
      </Group>
    );
  }
  if (entries.length === 0) {
    return (
      <PlannedPage
        icon={IconHistory}
        title="Nothing done yet"
        summary="Every action — a start or stop from here or the API, a restart by the supervisor, a rule's then: — is written down here as it happens."
        features={['When, who or which rule, what, on what', 'The outcome and how long it took', 'Kept in the data folder, so it survives restarts']}
        meanwhile={<>Start a service on the Services page and its entry appears here.</>}
      />
    );
  }
  return (
    <>
      <PageHeader
        title="Audit"
        description={
          operation === null ? (
            'Every action, automatic or manual, newest first'
          ) : (
            <>
              Entries of operation{' '}
              <Text span ff="monospace">
                {operation}
              </Text>{' '}
              ·{' '}
              <Anchor href={href('/audit')} size="sm">
                show all
              </Anchor>
            </>
          )
        }
      >
        <Select size="xs" w={140} placeholder="Any outcome" data={outcomes} value={outcome} onChange={setOutcome} clearable aria-label="Outcome" />
        <PageFilter
          value={filter}
          onChange={setFilter}
          placeholder="Filter: target, who, action…"
          label="Filter audit entries"
          width={240}
          testId="audit-filter"
        />
      </PageHeader>
      {error !== null && (
        <Text c="red" size="sm" mb="xs">
          {error}
        </Text>
      )}
      {/* On a phone each entry is a card of three short lines, read as a sentence: "just now supervisor restart / flaky OK 15 ms / what happened". */}
      <ResponsiveTable phone="cards" cardColumns={3} stickyHeader stickyHeaderOffset={48} withTableBorder highlightOnHover data-testid="audit-table">
        <Table.Thead>
          <Table.Tr>
            <ColumnHeader width={110}>When</ColumnHeader>
            <ColumnHeader width={150}>Who</ColumnHeader>
            <ColumnHeader width={130}>Action</ColumnHeader>
            <ColumnHeader width={160}>Target</ColumnHeader>
            <ColumnHeader width={100}>Outcome</ColumnHeader>
            <ColumnHeader width={80} align="right">
              Took
            </ColumnHeader>
            <ColumnHeader>What happened</ColumnHeader>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {visible.map((entry) => (
            <Table.Tr
              key={entry.id}
              data-audit-id={entry.id}
              data-testid={`audit-row-${entry.id}`}
              bg={entry.id === focus ? 'var(--mantine-primary-color-light)' : undefined}
            >
              <Table.Td>
                <RelativeTime at={entry.at} size="sm" />
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff={entry.actor.startsWith('rule:') ? 'monospace' : undefined}>
                  {entry.actor}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{entry.action}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace" lineClamp={1}>
                  {entry.target}
                </Text>
              </Table.Td>
              <Table.Td>
                <OutcomeBadge outcome={entry.outcome} />
              </Table.Td>
              <Table.Td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
                <Text size="sm" span>
                  {entry.durationMs === null ? '—' : formatSpan(entry.durationMs)}
                </Text>
              </Table.Td>
              <Table.Td data-card="full">
                <Tooltip label={entry.message} disabled={entry.message === null} multiline maw={480} openDelay={500}>
                  <Text size="sm" lineClamp={2}>
                    {entry.message ?? ''}
                    {entry.operation !== null && operation === null && (
                      <>
                        {' '}
                        <Anchor href={href(`/audit/operation/${encodeURIComponent(entry.operation)}`)} size="xs">
                          (operation)
                        </Anchor>
                      </>
                    )}
                  </Text>
                </Tooltip>
                <Details entry={entry} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </ResponsiveTable>
      {visible.length === 0 && (
        <Text size="sm" c="dimmed" ta="center" mt="lg">
          No entry matches.
        </Text>
      )}
      {operation === null && !exhausted && entries.length >= 200 && (
        <Group justify="center" mt="sm">
          <Button variant="default" onClick={loadMore} loading={loadingMore}>
            Older entries
          </Button>
        </Group>
      )}
    </>
  );
}
