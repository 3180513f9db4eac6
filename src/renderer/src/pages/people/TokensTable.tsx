import { Badge, Button, Code, Group, Table, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import type { TokenView } from '../../../../shared/types/auth';
import { useBridge } from '../../bridge/use-bridge';
import { ColumnHeader } from '../../components/ColumnHeader';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { RelativeTime } from '../../components/RelativeTime';
import { peopleAction } from './people-action';

const statusColor: Record<TokenView['status'], string> = { active: 'green', expired: 'gray', revoked: 'red' };

/** API tokens: whose, what they may do, until when, last used; revoke one. The secret itself is never shown again. */
export function TokensTable({ tokens, reload }: { tokens: readonly TokenView[]; reload: () => void }) {
  const bridge = useBridge();
  const [revoking, setRevoking] = useState<TokenView | null>(null);
  const revoke = async (token: TokenView): Promise<void> => {
    await peopleAction(
      () => bridge.invoke('tokens.revoke', { id: token.id }),
      { title: 'Token revoked', message: `${token.name} (${token.user}) stopped working.` },
      `Could not revoke ${token.name}`,
      reload,
    );
    setRevoking(null);
  };
  if (tokens.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="tokens-empty">
        No tokens.
      </Text>
    );
  }
  return (
    <>
      {/* A narrow screen scrolls the table within itself, never the page. */}
      <Table.ScrollContainer minWidth={640}>
        <Table withTableBorder highlightOnHover data-testid="tokens-table">
          <Table.Thead>
            <Table.Tr>
              <ColumnHeader>Token</ColumnHeader>
              <ColumnHeader width={140}>Of</ColumnHeader>
              <ColumnHeader>May</ColumnHeader>
              <ColumnHeader width={130}>Expires</ColumnHeader>
              <ColumnHeader width={130}>Last used</ColumnHeader>
              <ColumnHeader width={90} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tokens.map((token) => (
              <Table.Tr key={token.id} data-testid={`token-${token.name}`}>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" fw={600}>
                      {token.name}
                    </Text>
                    <Code>{token.prefix}</Code>
                    {token.status !== 'active' && (
                      <Badge size="xs" color={statusColor[token.status]} variant="light" tt="none">
                        {token.status}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{token.user}</Text>
                </Table.Td>
                <Table.Td>
                  {token.scopes === null ? (
                    <Text size="sm" c="dimmed">
                      all its account may
                    </Text>
                  ) : (
                    <Group gap={4}>
                      {token.scopes.map((scope) => (
                        <Badge key={scope} size="xs" variant="default" tt="none" fw={500}>
                          {scope}
                        </Badge>
                      ))}
                    </Group>
                  )}
                </Table.Td>
                <Table.Td>
                  {token.expiresAt === null ? (
                    <Text size="sm" c="dimmed">
                      never
                    </Text>
                  ) : (
                    <RelativeTime at={token.expiresAt} future size="sm" />
                  )}
                </Table.Td>
                <Table.Td>
                  {token.lastUsedAt === null ? (
                    <Text size="sm" c="dimmed">
                      never
                    </Text>
                  ) : (
                    <RelativeTime at={token.lastUsedAt} size="sm" />
                  )}
                </Table.Td>
                <Table.Td>
                  {token.status === 'active' && (
                    <Tooltip label="It stops working at once">
                      <Button size="compact-xs" variant="subtle" color="red" onClick={() => setRevoking(token)} data-testid={`revoke-${token.name}`}>
                        Revoke…
                      </Button>
                    </Tooltip>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ConfirmDialog
        opened={revoking !== null}
        title={`Revoke ${revoking?.name ?? ''}?`}
        confirmLabel="Revoke"
        onConfirm={() => revoking !== null && void revoke(revoking)}
        onCancel={() => setRevoking(null)}
      >
        <Text size="sm">
          Whatever uses {revoking?.name} ({revoking?.user}) is refused from now on, with sessions opened with it. This cannot be undone: create a new token
          instead.
        </Text>
      </ConfirmDialog>
    </>
  );
}
