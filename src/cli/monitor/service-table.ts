import { formatBytes } from '../../shared/byte-size';
import type { ServiceStatus, ServiceView } from '../../shared/types/service';
import type { Paint, StyleName } from '../colors';
import { ms, pad } from './cell-text';
import { filterServices, sparkline, type LiveState } from './live-state';
import { fitToColumns } from './terminal-width';

export const STATUS_COLOR: Record<ServiceStatus, StyleName> = {
  up: 'green',
  running: 'green',
  pending: 'yellow',
  starting: 'yellow',
  waiting: 'yellow',
  stopping: 'yellow',
  restarting: 'red',
  down: 'red',
  given_up: 'red',
  stopped: 'gray',
  unknown: 'gray',
};

/** The columns of the service table on a screen `columns` wide. */
export interface TableColumns {
  name: number;
  spark: number;
  reason: number;
}

/** What the table shows, decided by the screen's layout and the keys pressed. */
export interface TableView {
  columns: number;
  /** Rows for services. */
  height: number;
  filter: string;
  /** Index of the selected service among those the filter keeps. */
  selected: number;
  /** The selection is shown (the services, not the alerts, have the focus). */
  highlight: boolean;
}

/** The status column's width ("given up" and "restarting" cut to it). */
const STATUS_WIDTH = 9;
/** Everything but the name, sparkline and reason: status, LAST, CPU, MEMORY, RST and the spaces between. */
const FIXED_WIDTH = 42;

export function tableColumns(services: readonly ServiceView[], columns: number): TableColumns {
  let longest = 7;
  for (const service of services) longest = Math.max(longest, service.name.length);
  const name = Math.min(20, longest);
  const spark = Math.max(8, Math.min(30, Math.floor(columns / 6)));
  return { name, spark, reason: Math.max(0, columns - name - spark - FIXED_WIDTH) };
}

/** The first service shown: the selection kept near the middle of `height` rows. */
export function firstShown(count: number, selected: number, height: number): number {
  return Math.max(0, Math.min(selected - Math.floor(height / 2), count - height));
}

export function tableHead(widths: TableColumns): string {
  return `${pad('SERVICE', widths.name)} ${pad('STATUS', STATUS_WIDTH)} ${pad('LATENCY', widths.spark)} ${pad('LAST', 7)} ${pad('CPU', 5)} ${pad('MEMORY', 9)} ${pad('RST', 3)} REASON`;
}

/** A cell of a row: its text, the columns it takes and its style. */
interface Cell {
  text: string;
  width: number;
  style?: StyleName;
}

function serviceCells(service: ServiceView, latency: readonly number[], latest: number | null, widths: TableColumns): Cell[] {
  const runtime = service.runtime;
  const numbers = [
    pad(ms(latest), 7),
    pad(runtime?.cpuPercent === null || runtime === null ? '–' : `${runtime.cpuPercent.toFixed(0)}%`, 5),
    pad(runtime?.memoryBytes === null || runtime === null ? '–' : formatBytes(runtime.memoryBytes), 9),
    pad(runtime === null ? '–' : String(runtime.restarts), 3),
  ].join(' ');
  return [
    { text: fitToColumns(service.name, widths.name), width: widths.name },
    { text: pad(service.status.replace('_', ' '), STATUS_WIDTH), width: STATUS_WIDTH, style: STATUS_COLOR[service.status] },
    // The sparkline's bars are one column each: padded by length, never measured.
    { text: sparkline(latency, widths.spark).padEnd(widths.spark), width: widths.spark, style: 'cyan' },
    { text: numbers, width: numbers.length },
    { text: fitToColumns(service.reason ?? '', widths.reason), width: widths.reason, style: 'dim' },
  ];
}

/** The cells one space apart, cut at `budget` columns (a narrow screen loses the right-hand ones). */
function drawCells(cells: readonly Cell[], budget: number, paint: Paint): string {
  let line = '';
  let used = 0;
  for (const cell of cells) {
    const gap = used === 0 ? 0 : 1;
    if (used + gap >= budget) break;
    const room = budget - used - gap;
    const text = cell.width <= room ? cell.text : fitToColumns(cell.text, room);
    line += (gap === 0 ? '' : ' ') + (cell.style === undefined ? text : paint(cell.style, text));
    used += gap + Math.min(cell.width, room);
  }
  return line;
}

/**
 * The table's rows as the terminal shows them (styled, one line each, under `columns` wide),
 * `view.height` of them at most: built from the live state without React or ink, so a second's
 * new latencies cost a few strings rather than a whole frame's layout and composition.
 */
export function serviceTableRows(state: LiveState, view: TableView, paint: Paint): string[] {
  const services = filterServices(state.services, view.filter);
  if (services.length === 0) {
    return [paint('dim', fitToColumns(state.services.length === 0 ? 'no services in the workspace' : `no service matches "${view.filter}"`, view.columns - 1))];
  }
  const widths = tableColumns(state.services, view.columns);
  const latest = state.latestLatencyByService();
  const selected = Math.min(view.selected, services.length - 1);
  const first = firstShown(services.length, selected, view.height);
  return services.slice(first, first + view.height).map((service, index) => {
    const row = drawCells(serviceCells(service, state.latency.get(service.name) ?? [], latest.get(service.name) ?? null, widths), view.columns - 1, paint);
    return view.highlight && first + index === selected ? paint('inverse', row) : row;
  });
}
