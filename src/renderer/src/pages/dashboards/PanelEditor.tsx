import { ActionIcon, Button, Group, Modal, NumberInput, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { PANEL_KINDS, PANEL_UNITS, PROMQL_PANEL_KINDS, panelSchema, type Panel, type PanelKind } from '../../../../shared/dashboards/dashboard';
import { formatIssuePath } from '../../../../shared/zod-message';

export const kindLabels: Record<PanelKind, string> = {
  timeseries: 'Time series',
  stat: 'Stat',
  gauge: 'Gauge',
  bar: 'Bar',
  table: 'Table',
  logs: 'Log stream',
  alerts: 'Alert list',
  services: 'Service status',
};

const queryHelp: Record<PanelKind, string> = {
  timeseries: 'PromQL, e.g. avg by (service) (probe_duration_seconds{service="$service"})',
  stat: 'PromQL; each series shows its value at the end of the range',
  gauge: 'PromQL; each series as a ring between min and max',
  bar: 'PromQL; one bar per series',
  table: 'PromQL; one row per series',
  logs: 'Search words as on the Logs page, e.g. error service:api (empty: every line)',
  alerts: 'Words that alerts must match (name or label values; empty: all firing and pending)',
  services: 'Words that service names must match (empty: every service)',
};

/**
 * Add or edit a panel: its kind, query, title, legend, unit, colours and thresholds. What the
 * model refuses is said at the field before the panel is taken.
 */
export function PanelEditor({ initial, onSave, onClose }: { initial: Panel; onSave: (panel: Panel) => void; onClose: () => void }) {
  const [panel, setPanel] = useState<Panel>(initial);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const set = (patch: Partial<Panel>): void => setPanel((current) => ({ ...current, ...patch }));
  const save = (): void => {
    const parsed = panelSchema.safeParse(panel);
    const found: Record<string, string> = {};
    if (!parsed.success) for (const issue of parsed.error.issues) found[formatIssuePath(issue.path)] = issue.message;
    if (PROMQL_PANEL_KINDS.includes(panel.kind) && panel.query.trim() === '')
      found.query = `a ${kindLabels[panel.kind].toLowerCase()} panel needs a PromQL query`;
    setProblems(found);
    if (Object.keys(found).length === 0 && parsed.success) onSave({ ...parsed.data, query: parsed.data.query.trim() });
  };
  const promql = PROMQL_PANEL_KINDS.includes(panel.kind);
  return (
    <Modal
      opened
      onClose={onClose}
      title={initial.query === '' && initial.title === '' ? 'Add a panel' : 'Edit the panel'}
      size="lg"
      data-testid="panel-editor"
    >
      <Stack gap="sm">
        <Group grow align="flex-start">
          <Select
            label="Kind"
            data={PANEL_KINDS.map((kind) => ({ value: kind, label: kindLabels[kind] }))}
            value={panel.kind}
            onChange={(value) => value !== null && set({ kind: value })}
            allowDeselect={false}
            data-testid="panel-kind"
          />
          <TextInput label="Title" value={panel.title} onChange={(event) => set({ title: event.currentTarget.value })} data-testid="panel-title-input" />
        </Group>
        <Textarea
          label={promql ? 'PromQL query' : 'Filter'}
          description={queryHelp[panel.kind]}
          value={panel.query}
          onChange={(event) => set({ query: event.currentTarget.value })}
          error={problems.query}
          autosize
          minRows={2}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          data-autofocus
          data-testid="panel-query"
        />
        {promql && (
          <>
            <Group grow align="flex-start">
              <TextInput
                label="Legend"
                description="{{label}} fills in a label"
                placeholder="{{service}}"
                value={panel.legend ?? ''}
                onChange={(event) => set({ legend: event.currentTarget.value === '' ? undefined : event.currentTarget.value })}
              />
              <Select
                label="Unit"
                description="auto: from the metric name"
                data={[...PANEL_UNITS]}
                value={panel.unit}
                onChange={(value) => value !== null && set({ unit: value })}
                allowDeselect={false}
                data-testid="panel-unit"
              />
              <TextInput
                label="Colour"
                description="A name or #rrggbb"
                placeholder="blue"
                value={panel.color ?? ''}
                onChange={(event) => set({ color: event.currentTarget.value.trim() === '' ? undefined : event.currentTarget.value.trim() })}
                error={problems.color}
              />
            </Group>
            {panel.kind === 'gauge' && (
              <Group grow>
                <NumberInput label="Min" value={panel.min ?? ''} onChange={(value) => set({ min: typeof value === 'number' ? value : undefined })} />
                <NumberInput label="Max" value={panel.max ?? ''} onChange={(value) => set({ max: typeof value === 'number' ? value : undefined })} />
              </Group>
            )}
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                Thresholds
              </Text>
              <Text size="xs" c="dimmed">
                From a value upwards the colour applies (stat, gauge, bar and table colour their values; a time series draws dashed lines).
              </Text>
              {panel.thresholds.map((threshold, i) => (
                <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
                  <NumberInput
                    aria-label="Threshold value"
                    value={threshold.value}
                    onChange={(value) =>
                      set({ thresholds: panel.thresholds.map((one, j) => (j === i ? { ...one, value: typeof value === 'number' ? value : 0 } : one)) })
                    }
                    data-testid="threshold-value"
                  />
                  <TextInput
                    aria-label="Threshold colour"
                    value={threshold.color}
                    onChange={(event) =>
                      set({ thresholds: panel.thresholds.map((one, j) => (j === i ? { ...one, color: event.currentTarget.value.trim() } : one)) })
                    }
                    error={problems[`thresholds[${i}].color`]}
                    data-testid="threshold-color"
                  />
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    mt={6}
                    onClick={() => set({ thresholds: panel.thresholds.filter((_, j) => j !== i) })}
                    aria-label="Remove the threshold"
                  >
                    <IconTrash size={14} />
                  </ActionIcon>
                </Group>
              ))}
              <Button
                variant="subtle"
                size="xs"
                leftSection={<IconPlus size={14} />}
                w="fit-content"
                onClick={() =>
                  set({
                    thresholds: [...panel.thresholds, { value: panel.thresholds.at(-1)?.value ?? 80, color: panel.thresholds.length === 0 ? 'yellow' : 'red' }],
                  })
                }
                data-testid="threshold-add"
              >
                Add a threshold
              </Button>
            </Stack>
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={save} data-testid="panel-save">
            {initial.query === '' && initial.title === '' ? 'Add the panel' : 'Apply'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
