import { Button, FileButton, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { useLocation } from 'wouter';
import { readDashboardFile } from '../../../../shared/dashboards/dashboard-file';
import { dashboardLinkPath } from '../../../../shared/dashboards/dashboard-link';

/**
 * Import a dashboard: a Zervigo dashboard JSON or a Grafana dashboard's JSON model, pasted or
 * chosen as a file. It opens unsaved, with what could not be imported listed above its panels.
 */
export function ImportDialog({ onClose }: { onClose: () => void }) {
  const [, navigate] = useLocation();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const open = (content: string): void => {
    const result = readDashboardFile(content);
    if (!result.ok) return setError(result.message);
    navigate(dashboardLinkPath({ dashboard: result.dashboard, notImported: result.notImported, adjusted: result.adjusted }));
    onClose();
  };
  return (
    <Modal opened onClose={onClose} title="Import a dashboard" size="lg" data-testid="dashboard-import">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Paste a dashboard's JSON: one saved from here, or a Grafana dashboard (Share → Export → JSON). From Grafana, time series and stat panels with
          Prometheus queries are imported; everything else is listed, not dropped silently.
        </Text>
        <Textarea
          value={text}
          onChange={(event) => {
            setText(event.currentTarget.value);
            setError(null);
          }}
          minRows={10}
          maxRows={16}
          autosize
          placeholder='{ "title": "Shop", "panels": [ … ] }'
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
          error={error === null ? undefined : <span style={{ whiteSpace: 'pre-wrap' }}>{error}</span>}
          data-testid="dashboard-import-text"
        />
        <Group justify="space-between">
          <FileButton accept="application/json,.json" onChange={(file) => void file?.text().then((content) => (setText(content), open(content)))}>
            {(props) => (
              <Button variant="default" leftSection={<IconUpload size={14} />} {...props}>
                Choose a file…
              </Button>
            )}
          </FileButton>
          <Group gap="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button onClick={() => open(text)} disabled={text.trim() === ''} data-testid="dashboard-import-open">
              Open
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}
