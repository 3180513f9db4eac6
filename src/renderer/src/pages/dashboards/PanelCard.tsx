import { ActionIcon, Group, Paper, Text, Tooltip } from '@mantine/core';
import { IconGripVertical, IconPencil, IconTrash } from '@tabler/icons-react';
import { memo } from 'react';
import type { Panel } from '../../../../shared/dashboards/dashboard';
import { PROMQL_PANEL_KINDS } from '../../../../shared/dashboards/dashboard';
import { substituteVariables, type VariableValues } from '../../../../shared/dashboards/variables';
import type { DashboardVariable } from '../../../../shared/dashboards/dashboard';
import { InstantPanel } from './panels/InstantPanel';
import { AlertListPanel, LogStreamPanel, ServiceStatusPanel } from './panels/ListPanels';
import { PanelMessage } from './panels/PanelMessage';
import { TimeSeriesPanel } from './panels/TimeSeriesPanel';
import classes from './PanelCard.module.css';

/** The class of a panel's title row: the grid drags by it, so a click in a chart never moves the panel. */
export const DRAG_HANDLE = 'zervigo-panel-drag';

export interface PanelContext {
  variables: readonly DashboardVariable[];
  values: VariableValues;
  range: { start: number; end: number };
  syncKey: string;
  onZoom: (range: { start: number; end: number }) => void;
  onReset: () => void;
}

const TITLE_HEIGHT = 30;

interface PanelCardProps {
  panel: Panel & { id: string };
  height: number;
  /** In pixels: a chart asks for no more points than it can draw. */
  width: number;
  context: PanelContext;
  editing: boolean;
  onEdit: (id: string) => void;
  onRemove: (id: string) => void;
}

/** A panel's query with the variables' picked values in it, as text to compare (or why it cannot be). */
const substitutedKey = ({ panel, context }: PanelCardProps): string => {
  const substituted = substituteVariables(panel.query, context.variables, context.values);
  return substituted.ok ? `ok:${substituted.query}` : `error:${substituted.message}`;
};

/**
 * One panel: its title (the drag handle while editing) and what its kind shows, or why it cannot.
 * Memoised: a variable picked, a sibling's answer or a drag re-renders only the panels it changes
 * (a dozen Mantine cards and charts re-rendering on every pick held the first paint back).
 */
export const PanelCard = memo(
  PanelCardView,
  (before, after) =>
    before.panel === after.panel &&
    before.height === after.height &&
    before.width === after.width &&
    before.editing === after.editing &&
    before.onEdit === after.onEdit &&
    before.onRemove === after.onRemove &&
    before.context.range === after.context.range &&
    before.context.syncKey === after.context.syncKey &&
    before.context.onZoom === after.context.onZoom &&
    before.context.onReset === after.context.onReset &&
    substitutedKey(before) === substitutedKey(after),
);

function PanelCardView({ panel, height, width, context, editing, onEdit, onRemove }: PanelCardProps) {
  const body = height - TITLE_HEIGHT - 16;
  const substituted = substituteVariables(panel.query, context.variables, context.values);
  let content;
  if (!substituted.ok) content = <PanelMessage error>{substituted.message}</PanelMessage>;
  else if (PROMQL_PANEL_KINDS.includes(panel.kind) && substituted.query.trim() === '') content = <PanelMessage>Edit the panel to give it a query</PanelMessage>;
  else if (panel.kind === 'timeseries')
    content = (
      <TimeSeriesPanel
        panel={panel}
        query={substituted.query}
        range={context.range}
        // The legend under the chart takes about two lines.
        height={Math.max(body - 48, 60)}
        width={width}
        syncKey={context.syncKey}
        onZoom={context.onZoom}
        onReset={context.onReset}
      />
    );
  else if (panel.kind === 'logs') content = <LogStreamPanel query={substituted.query} range={context.range} />;
  else if (panel.kind === 'alerts') content = <AlertListPanel query={substituted.query} />;
  else if (panel.kind === 'services') content = <ServiceStatusPanel query={substituted.query} />;
  else content = <InstantPanel panel={panel} query={substituted.query} time={context.range.end} height={body} />;
  return (
    <Paper
      withBorder
      radius="sm"
      p="xs"
      h={height}
      style={{ display: 'flex', flexDirection: 'column', overflow: 'hidden' }}
      data-testid="dashboard-panel"
      data-panel-kind={panel.kind}
    >
      <Group h={TITLE_HEIGHT - 6} mb={6} gap={4} wrap="nowrap" className={editing ? DRAG_HANDLE : undefined} style={editing ? { cursor: 'move' } : undefined}>
        {editing && <IconGripVertical size={14} color="var(--mantine-color-dimmed)" />}
        <Text size="sm" fw={600} truncate miw={0} title={panel.query} data-testid="panel-title">
          {panel.title === '' ? panel.query || panel.kind : panel.title}
        </Text>
        {editing && (
          <Group gap={2} ml="auto" wrap="nowrap" onMouseDown={(event) => event.stopPropagation()}>
            <Tooltip label="Edit the panel">
              <ActionIcon variant="subtle" size="sm" onClick={() => onEdit(panel.id)} aria-label="Edit the panel" data-testid="panel-edit">
                <IconPencil size={14} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label="Remove the panel">
              <ActionIcon variant="subtle" color="red" size="sm" onClick={() => onRemove(panel.id)} aria-label="Remove the panel">
                <IconTrash size={14} />
              </ActionIcon>
            </Tooltip>
          </Group>
        )}
      </Group>
      <div className={classes.body} style={{ flex: 1, minHeight: 0, overflow: 'hidden' }}>
        {content}
      </div>
    </Paper>
  );
}
