import { Badge, Button, Group, Table, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { SilenceView } from '../../../../shared/types/alerts';
import { useBridge } from '../../bridge/use-bridge';
import { ColumnHeader } from '../../components/ColumnHeader';
import { RelativeTime } from '../../components/RelativeTime';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { messageOf } from '../../format/error-message';
import { formatAbsoluteTime } from '../../format/time';
import { toneColor } from '../../format/service-status';
import { DeniedTooltip } from '../../auth/DeniedTooltip';
import { deniedProps, guard, useCan } from '../../auth/use-can';

const stateColor: Record<SilenceView['state'], string> = { active: toneColor.neutral, pending: toneColor.warning, expired: toneColor.ok };

function matcherText(matcher: SilenceView['matchers'][number]): string {
  return `${matcher.name}${matcher.isEqual ? '' : '!'}${matcher.isRegex ? '=~' : '='}${matcher.value}`;
}

/** Silences: what they match, who made them and why, until when; end one early. */
export function SilencesTable({ silences }: { silences: readonly SilenceView[] }) {
  const bridge = useBridge();
  const mayExpire = useCan('silences.expire');
  const expire = async (silence: SilenceView): Promise<void> => {
    try {
      await bridge.invoke('silences.expire', { id: silence.id });
      notifications.show({ color: 'green', title: 'Silence ended', message: 'Matching alerts are notified again.' });
    } catch (error) {
      notifications.show({ color: 'red', title: 'Could not end the silence', message: messageOf(error) });
    }
  };
  return (
    <ResponsiveTable phone="cards" withTableBorder highlightOnHover data-testid="silences-table">
      <Table.Thead>
        <Table.Tr>
          <ColumnHeader width={100}>State</ColumnHeader>
          <ColumnHeader>Matchers</ColumnHeader>
          <ColumnHeader>Why</ColumnHeader>
          <ColumnHeader width={170}>Until</ColumnHeader>
          <ColumnHeader width={90}>Silencing</ColumnHeader>
          <ColumnHeader width={90} />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {silences.map((silence) => (
          <Table.Tr key={silence.id} data-testid="silence-row">
            <Table.Td>
              <Badge size="sm" color={stateColor[silence.state]} variant={silence.state === 'active' ? 'outline' : 'light'}>
                {silence.state}
              </Badge>
            </Table.Td>
            <Table.Td data-card="full" data-label="Matchers">
              <Group gap={4}>
                {silence.matchers.map((matcher) => (
                  <Badge key={matcherText(matcher)} size="xs" variant="default" tt="none" fw={500}>
                    {matcherText(matcher)}
                  </Badge>
                ))}
              </Group>
            </Table.Td>
            <Table.Td data-card="full" data-label="Why">
              <Text size="sm" data-testid="silence-comment">
                {silence.comment}
              </Text>
              <Text size="xs" c="dimmed">
                by {silence.createdBy}, <RelativeTime at={silence.createdAt} size="xs" />
              </Text>
            </Table.Td>
            <Table.Td data-label="Until">
              <Text size="xs" span>
                {silence.state === 'expired' ? 'ended ' : 'ends '}
                <RelativeTime at={silence.endsAt} future size="xs" />
              </Text>
              <Text size="xs" c="dimmed" ff="monospace" data-testid="silence-until">
                {formatAbsoluteTime(silence.endsAt)}
              </Text>
            </Table.Td>
            <Table.Td data-label="Silencing">
              <Tooltip label="Current alerts it silences">
                <Text size="sm">{silence.silencing}</Text>
              </Tooltip>
            </Table.Td>
            <Table.Td data-card="full">
              {silence.state !== 'expired' && (
                <DeniedTooltip can={mayExpire} what="End now">
                  <Button variant="subtle" color="gray" {...deniedProps(mayExpire)} onClick={guard(mayExpire, () => void expire(silence))} data-thumb>
                    End now
                  </Button>
                </DeniedTooltip>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ResponsiveTable>
  );
}
