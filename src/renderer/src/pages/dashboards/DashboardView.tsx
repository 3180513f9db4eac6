import { ActionIcon, Alert, Button, Group, List, Text, TextInput, Tooltip } from '@mantine/core';
import { IconDeviceFloppy, IconDownload, IconLayoutGridAdd, IconPencil, IconRefresh } from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useLocation } from 'wouter';
import {
  dashboardIdOf,
  GRID_COLUMNS,
  VARIABLE_NAME,
  withPanelIds,
  type Dashboard,
  type DashboardVariable,
  type Panel,
} from '../../../../shared/dashboards/dashboard';
import { valuesAllowedBy, type VariableValue, type VariableValues } from '../../../../shared/dashboards/variables';
import { PageHeader } from '../../components/PageHeader';
import { ScrollRow } from '../../components/ScrollRow';
import { TimeRangePicker } from '../../components/TimeRangePicker';
import { useWorkspaceEdit } from '../../components/use-workspace-edit';
import { resolveRange, type TimeRange } from '../../format/time-range';
import { BatchedMetricQueries } from '../../bridge/metric-queries';
import { DashboardGrid } from './DashboardGrid';
import { dashboardForFile } from './dashboards-in-workspace';
import { PanelEditor } from './PanelEditor';
import { VariablePickers } from './VariablePickers';
import { VariableSettings } from './VariableSettings';
import { usePhone } from '../../components/use-phone';

/** How often a dashboard on a range that ends "now" runs its queries again. */
const REFRESH_MS = 30_000;

/** A new panel goes beside the last one when the row has room, else below everything. */
function newPanel(panels: readonly Panel[]): Panel {
  const last = panels.at(-1);
  const beside = last !== undefined && last.x + last.w + 12 <= GRID_COLUMNS;
  return {
    title: '',
    kind: 'timeseries',
    query: '',
    x: beside ? last.x + last.w : 0,
    y: beside ? last.y : panels.reduce((bottom, panel) => Math.max(bottom, panel.y + panel.h), 0),
    w: 12,
    h: 8,
    unit: 'auto',
    thresholds: [],
  };
}

/**
 * One dashboard: its variables and range at the top, the panels on the grid. Editing moves and
 * resizes panels and adds or changes them; saving writes it under `dashboards:` in the workspace
 * file through the diff-first save (and so into the workspace's history).
 */
export function DashboardView({
  id,
  initial,
  takenIds,
  notice,
}: {
  /** Its key under `dashboards:`; null for one opened from a file or an import, not saved yet. */
  id: string | null;
  initial: Dashboard;
  takenIds: readonly string[];
  notice?: { title: string; lines: string[] };
}) {
  const [, navigate] = useLocation();
  const phone = usePhone();
  const workspace = useWorkspaceEdit();
  const [draft, setDraft] = useState(() => ({ ...initial, panels: withPanelIds(initial.panels) }));
  const [editing, setEditing] = useState(id === null && initial.panels.length === 0);
  // A panel being edited: a new one (id null) or one of the draft's, read from the draft when shown.
  const [editor, setEditor] = useState<{ id: null; panel: Panel } | { id: string } | null>(null);
  const [values, setValues] = useState<VariableValues>({});
  // A relative range is resolved when picked and again every REFRESH_MS: panels query a fixed span, not every tick.
  const [pinned, setPinned] = useState<{ range: TimeRange; span: ReturnType<typeof resolveRange> }>(() => {
    const range: TimeRange = { kind: 'relative', key: initial.time };
    return { range, span: resolveRange(range, Date.now()) };
  });
  const { range, span } = pinned;
  const setRange = useCallback((next: TimeRange) => setPinned({ range: next, span: resolveRange(next, Date.now()) }), []);
  const refresh = useCallback(() => setPinned((current) => ({ range: current.range, span: resolveRange(current.range, Date.now()) })), []);
  useEffect(() => {
    if (range.kind !== 'relative') return;
    const timer = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(timer);
  }, [range, refresh]);
  const dirty = useMemo(
    () => JSON.stringify(dashboardForFile(draft)) !== JSON.stringify(dashboardForFile({ ...initial, panels: withPanelIds(initial.panels) })),
    [draft, initial],
  );

  const setVariables = (variables: DashboardVariable[]): void => {
    setDraft((current) => ({ ...current, variables }));
    setValues((current) => valuesAllowedBy(variables, current));
  };
  const setValue = useCallback(
    (name: string, value: VariableValue) => setValues((current) => (current[name] === value ? current : { ...current, [name]: value })),
    [],
  );
  const onZoom = useCallback((zoomed: { start: number; end: number }) => setRange({ kind: 'absolute', ...zoomed }), [setRange]);
  const onReset = useCallback(() => setRange({ kind: 'relative', key: initial.time }), [initial.time, setRange]);
  const context = useMemo(
    () => ({ variables: draft.variables, values, range: span, syncKey: `dashboard:${id ?? 'unsaved'}`, onZoom, onReset }),
    [draft.variables, values, span, id, onZoom, onReset],
  );
  // Stable, so the memoised panels do not re-render for them.
  const editPanel = useCallback((panelId: string) => setEditor({ id: panelId }), []);
  const removePanel = useCallback(
    (panelId: string) => setDraft((current) => ({ ...current, panels: current.panels.filter((panel) => panel.id !== panelId) })),
    [],
  );
  const edited = editor === null ? null : 'panel' in editor ? editor.panel : (draft.panels.find((panel) => panel.id === editor.id) ?? null);

  const saveId = id ?? uniqueId(dashboardIdOf(draft.title), takenIds);
  const save = (): void => {
    void workspace.propose([{ path: ['dashboards', saveId], value: dashboardForFile(draft) }], `dashboard ${draft.title}`, () => {
      setEditing(false);
      if (id === null) navigate(`/dashboards/${saveId}`);
    });
  };
  const download = (): void => {
    const blob = new Blob([`${JSON.stringify(dashboardForFile(draft), null, 2)}\n`], { type: 'application/json' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `${saveId}.json`;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  return (
    <>
      <PageHeader
        title={draft.title}
        description={draft.description ?? (id === null ? 'Not saved in the workspace yet' : `dashboards.${id} in the workspace file`)}
      >
        {/* One row on a desktop; on a phone it wraps, and only the range picker scrolls within itself. */}
        <Group gap="xs" wrap="wrap" justify={phone ? 'flex-start' : 'flex-end'} align="center" maw="100%">
          <VariablePickers variables={draft.variables} values={values} onChange={setValue} />
          <ScrollRow>
            <TimeRangePicker value={range} onChange={setRange} />
          </ScrollRow>
          <Tooltip label="Run the queries again">
            <ActionIcon variant="default" size="lg" onClick={refresh} aria-label="Refresh">
              <IconRefresh size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </PageHeader>
      {notice !== undefined && notice.lines.length > 0 && (
        <Alert color="yellow" title={notice.title} mb="sm" data-testid="dashboard-notice">
          <List size="sm">
            {notice.lines.map((line) => (
              <List.Item key={line}>{line}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      <Group justify="space-between" mb="sm" gap="xs">
        <Text size="xs" c="dimmed">
          {editing
            ? 'Drag a panel by its title, resize it by its corner'
            : `${draft.panels.length} panel${draft.panels.length === 1 ? '' : 's'} · drag across a chart to zoom, double-click to reset`}
        </Text>
        <Group gap="xs">
          <Tooltip label="Download as a JSON file (zervigo dashboard --config FILE opens it)">
            <ActionIcon variant="default" size="lg" onClick={download} aria-label="Download as JSON">
              <IconDownload size={16} />
            </ActionIcon>
          </Tooltip>
          <Button
            variant={editing ? 'filled' : 'default'}
            leftSection={<IconPencil size={14} />}
            onClick={() => setEditing(!editing)}
            data-testid="dashboard-edit"
          >
            {editing ? 'Done' : 'Edit'}
          </Button>
          {editing && (
            <Button
              variant="default"
              leftSection={<IconLayoutGridAdd size={14} />}
              onClick={() => setEditor({ id: null, panel: newPanel(draft.panels) })}
              data-testid="dashboard-add-panel"
            >
              Add panel
            </Button>
          )}
          <Tooltip label={workspace.whyNot ?? `Writes dashboards.${saveId} into the workspace file, after showing the diff`}>
            <Button
              leftSection={<IconDeviceFloppy size={14} />}
              disabled={!workspace.editable || (!dirty && id !== null) || draft.title.trim() === ''}
              onClick={save}
              data-testid="dashboard-save"
            >
              Save
            </Button>
          </Tooltip>
        </Group>
      </Group>
      {editing && (
        <Group gap="sm" mb="sm" align="flex-start" wrap="wrap">
          <TextInput
            label="Title"
            value={draft.title}
            onChange={(event) => {
              const title = event.currentTarget.value;
              setDraft((current) => ({ ...current, title }));
            }}
            error={draft.title.trim() === '' ? 'give the dashboard a title' : undefined}
            w={260}
            data-testid="dashboard-title"
          />
          <TextInput
            label="Variables"
            description="Label names, comma-separated: each becomes $name with a picker"
            defaultValue={draft.variables.map((variable) => variable.name).join(', ')}
            onBlur={(event) => setVariables(variablesFrom(event.currentTarget.value, draft.variables))}
            w={320}
            data-testid="dashboard-variables"
          />
          <VariableSettings variables={draft.variables} onChange={setVariables} />
        </Group>
      )}
      {draft.panels.length === 0 ? (
        <Text size="sm" c="dimmed" ta="center" py="xl" data-testid="dashboard-empty">
          No panels yet. Add one: a time series, a stat, a gauge, a bar, a table (each on a PromQL query), a log stream, the alert list or the services' status.
        </Text>
      ) : (
        // The panels' queries of one render go to the engine in a few small batches sent at once.
        <BatchedMetricQueries>
          <DashboardGrid
            panels={draft.panels}
            context={context}
            editing={editing}
            onLayout={(positions) =>
              setDraft((current) => ({ ...current, panels: current.panels.map((panel) => ({ ...panel, ...(positions.get(panel.id) ?? {}) })) }))
            }
            onEdit={editPanel}
            onRemove={removePanel}
          />
        </BatchedMetricQueries>
      )}
      {editor !== null && edited !== null && (
        <PanelEditor
          initial={edited}
          onClose={() => setEditor(null)}
          onSave={(panel) => {
            setDraft((current) => ({
              ...current,
              panels:
                editor.id === null
                  ? withPanelIds([...current.panels, panel])
                  : current.panels.map((one) => (one.id === editor.id ? { ...panel, id: one.id } : one)),
            }));
            setEditor(null);
          }}
        />
      )}
      {workspace.dialog}
    </>
  );
}

function uniqueId(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base;
  let n = 2;
  while (taken.includes(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

/** Variables from "service, host": those already defined keep their settings; a new one picks from its own label. */
function variablesFrom(text: string, current: readonly DashboardVariable[]): DashboardVariable[] {
  const names = [
    ...new Set(
      text
        .split(/[\s,]+/)
        .map((name) => name.replace(/^\$/, ''))
        .filter((name) => VARIABLE_NAME.test(name)),
    ),
  ];
  return names.map((name) => current.find((variable) => variable.name === name) ?? { name, include_all: false, multi: false });
}
