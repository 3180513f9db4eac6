import { Alert, Anchor, Box, Button, Code, Group, Stack, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import type { OpenApiDocument } from '../../../shared/openapi/openapi-types';
import { useBridge } from '../bridge/use-bridge';
import { CenteredLoader } from '../components/CenteredLoader';
import { PageFilter } from '../components/PageFilter';
import { PageHeader } from '../components/PageHeader';
import { messageOf } from '../format/error-message';
import { matchesQuery } from '../format/sort';
import { CommandCard } from './api/CommandCard';
import { commandsOf } from './api/curl-line';

/**
 * The API reference, rendered from the OpenAPI document the engine generates from the contract
 * (GET /api/v1/openapi.json): commands grouped by domain, their inputs as tables, a curl line each.
 */
export function ApiPage() {
  const bridge = useBridge();
  const [document, setDocument] = useState<OpenApiDocument | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  useEffect(() => {
    let live = true;
    bridge.invoke('api.openapi').then(
      (value) => live && setDocument(value),
      (reason: unknown) => live && setError(messageOf(reason)),
    );
    return () => {
      live = false;
    };
  }, [bridge]);
  // In a browser the page's own origin is the server; the desktop app has none, so the document's default.
  const serverUrl = bridge.kind === 'web' ? window.location.origin : (document?.servers[0]?.url ?? 'http://127.0.0.1:7300');
  const all = useMemo(() => (document === null ? [] : commandsOf(document)), [document]);
  const visible = useMemo(
    () =>
      all.filter((command) =>
        matchesQuery([command.name, command.summary, command.rest?.path ?? '', ...command.extensions.map(([key, value]) => `${key} ${String(value)}`)], query),
      ),
    [all, query],
  );
  const domains = useMemo(() => [...new Set(visible.map((command) => command.domain))], [visible]);

  const download = (): void => {
    if (document === null) return;
    const link = window.document.createElement('a');
    link.href = URL.createObjectURL(new Blob([JSON.stringify(document, null, 2)], { type: 'application/json' }));
    link.download = 'zervigo-openapi.json';
    link.click();
    URL.revokeObjectURL(link.href);
  };

  if (error !== null)
    return (
      <Alert color="red" title="Could not load the API description">
        {error}
      </Alert>
    );
  if (document === null) return <CenteredLoader />;
  return (
    // Long routes and JSON wrap anywhere: no page scrolls sideways on a phone.
    <Box style={{ overflowWrap: 'anywhere' }}>
      <PageHeader
        title="API"
        description={
          <>
            {all.length} commands · OpenAPI {document.openapi} at <Code>/api/v1/openapi.json</Code> · <Code>Authorization: Bearer $ZERVIGO_TOKEN</Code> (
            <Code>zervigo token</Code>)
          </>
        }
      />
      <Group gap="xs" mb="md" wrap="wrap">
        <PageFilter value={query} onChange={setQuery} placeholder="Filter: command, route, summary…" label="Filter commands" width={240} />
        <Button size="xs" variant="default" leftSection={<IconDownload size={14} />} onClick={download}>
          openapi.json
        </Button>
      </Group>
      <Group align="flex-start" gap="lg" wrap="nowrap">
        <Box component="nav" aria-label="Domains" w={150} visibleFrom="md" style={{ position: 'sticky', top: 16, flexShrink: 0 }}>
          <Stack gap={2}>
            {domains.map((domain) => (
              <Anchor
                key={domain}
                href={`#/api`}
                size="sm"
                onClick={(event) => {
                  event.preventDefault();
                  window.document.getElementById(`domain-${domain}`)?.scrollIntoView({ behavior: 'smooth' });
                }}
              >
                {domain}
              </Anchor>
            ))}
          </Stack>
        </Box>
        <Stack gap="lg" style={{ flex: 1, minWidth: 0 }}>
          {visible.length === 0 && (
            <Text size="sm" c="dimmed" ta="center" mt="lg">
              No command matches “{query}”.
            </Text>
          )}
          {domains.map((domain) => (
            <Stack key={domain} gap="xs" id={`domain-${domain}`}>
              <Title order={3} fz="h5" tt="capitalize">
                {domain}
              </Title>
              {visible
                .filter((command) => command.domain === domain)
                .map((command) => (
                  <CommandCard key={command.name} command={command} serverUrl={serverUrl} />
                ))}
            </Stack>
          ))}
          {query === '' && document['x-zervigo-events'].length > 0 && (
            <Stack gap={4} id="domain-events-list">
              <Title order={3} fz="h5">
                Events (WebSocket <Code>/api/v1/events</Code>)
              </Title>
              <Text size="xs" c="dimmed">
                Send <Code>{'{"type":"subscribe","names":["services.changed"]}'}</Code>; receive <Code>{'{"type":"event","name","payload"}'}</Code>.
              </Text>
              {document['x-zervigo-events'].map((event) => (
                <Text key={event.name} size="sm">
                  <Code>{event.name}</Code> {event.summary}
                </Text>
              ))}
            </Stack>
          )}
        </Stack>
      </Group>
    </Box>
  );
}
