import { Stack } from '@mantine/core';
import ReactGridLayout, { useContainerWidth, verticalCompactor, type Layout } from 'react-grid-layout';
import 'react-grid-layout/css/styles.css';
import 'react-resizable/css/styles.css';
import { GRID_COLUMNS, type Panel } from '../../../../shared/dashboards/dashboard';
import { usePhone } from '../../components/use-phone';
import { DRAG_HANDLE, PanelCard, type PanelContext } from './PanelCard';

const ROW_HEIGHT = 30;
const MARGIN = 10;

/** A panel's height in pixels for its grid rows. */
const heightOf = (rows: number): number => rows * ROW_HEIGHT + (rows - 1) * MARGIN;
/** A panel's width in pixels for its grid columns, in a grid `width` wide. */
const widthOf = (columns: number, width: number): number => ((width - (GRID_COLUMNS - 1) * MARGIN) / GRID_COLUMNS) * columns + (columns - 1) * MARGIN;

/**
 * The panels on a 24-column grid (react-grid-layout: drag by the title, resize by the corner
 * while editing); on a phone they stack in reading order at their own height instead.
 */
export function DashboardGrid({
  panels,
  context,
  editing,
  onLayout,
  onEdit,
  onRemove,
}: {
  panels: readonly (Panel & { id: string })[];
  context: PanelContext;
  editing: boolean;
  onLayout: (positions: Map<string, { x: number; y: number; w: number; h: number }>) => void;
  /** Both stable across renders: the panels are memoised on them. */
  onEdit: (id: string) => void;
  onRemove: (id: string) => void;
}) {
  const phone = usePhone();
  const { width, containerRef, mounted } = useContainerWidth();
  const card = (panel: Panel & { id: string }, height: number, panelWidth: number) => (
    <PanelCard panel={panel} height={height} width={panelWidth} context={context} editing={editing} onEdit={onEdit} onRemove={onRemove} />
  );
  if (phone) {
    const ordered = [...panels].sort((a, b) => a.y - b.y || a.x - b.x);
    return (
      <Stack gap="sm" data-testid="dashboard-grid">
        {ordered.map((panel) => (
          <div key={panel.id}>{card(panel, Math.min(Math.max(heightOf(panel.h), 160), 420), window.innerWidth)}</div>
        ))}
      </Stack>
    );
  }
  const layout: Layout = panels.map((panel) => ({ i: panel.id, x: panel.x, y: panel.y, w: panel.w, h: panel.h, minW: 2, minH: 3 }));
  return (
    <div ref={containerRef} data-testid="dashboard-grid">
      {mounted && (
        <ReactGridLayout
          width={width}
          layout={layout}
          gridConfig={{ cols: GRID_COLUMNS, rowHeight: ROW_HEIGHT, margin: [MARGIN, MARGIN], containerPadding: [0, 0] }}
          dragConfig={{ enabled: editing, handle: `.${DRAG_HANDLE}` }}
          resizeConfig={{ enabled: editing, handles: ['se'] }}
          compactor={verticalCompactor}
          onLayoutChange={(next) => {
            const positions = new Map(next.map((item) => [item.i, { x: item.x, y: item.y, w: item.w, h: item.h }]));
            const moved = panels.some((panel) => {
              const at = positions.get(panel.id);
              return at !== undefined && (at.x !== panel.x || at.y !== panel.y || at.w !== panel.w || at.h !== panel.h);
            });
            if (moved) onLayout(positions);
          }}
        >
          {panels.map((panel) => (
            <div key={panel.id}>{card(panel, heightOf(panel.h), widthOf(panel.w, width))}</div>
          ))}
        </ReactGridLayout>
      )}
    </div>
  );
}
