import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type * as Ink from 'ink';
import type { Key } from 'ink';
import { formatBytes } from '../../shared/byte-size';
import type { AlertView } from '../../shared/types/alerts';
import type { ProbeState } from '../../shared/types/monitoring';
import type { ServiceView } from '../../shared/types/service';
import type { Paint } from '../colors';
import { ago, ms, pad } from './cell-text';
import { filterServices, sparkline, type LiveState } from './live-state';
import type { MonitorActions } from './monitor-actions';
import { serviceTableRows, STATUS_COLOR, tableColumns, tableHead } from './service-table';
import type { TablePainter } from './table-painter';
import { typedKeys } from './typed-keys';

/** Smaller than this, the layout cannot show a service per line with its numbers. */
export const MIN_COLUMNS = 60;
export const MIN_ROWS = 15;

type Mode =
  | { kind: 'list' }
  | { kind: 'filter'; text: string }
  | { kind: 'confirm'; service: string }
  | { kind: 'silence'; matchers: Record<string, string>; text: string }
  | { kind: 'detail'; service: string };

const PROBE_COLOR: Record<ProbeState['status'], string> = { up: 'green', pending: 'yellow', down: 'red', paused: 'gray', unknown: 'gray' };

/**
 * What ink draws, as far as events change it: it redraws when this moved. In the detail view,
 * every change (its probes and latencies); else not new latencies or statuses alone, which only
 * the table's rows show, but the up/down counts, the filter's count, and the alerts' ages.
 */
function screenKey(state: LiveState, mode: Mode, filter: string): string {
  if (mode.kind === 'detail') return `detail ${state.version}`;
  const { up, down } = state.counts();
  const matching = filter === '' ? state.services.length : filterServices(state.services, filter).length;
  const ticking = state.firing().length > 0 ? Math.floor(Date.now() / 1000) : '';
  return `${state.chromeVersion} ${up} ${down} ${matching} ${ticking}`;
}

/** The lines above the service table: the title, the machine and the table's head. */
const TABLE_TOP = 3;

/**
 * The full-screen view, built on ink (React for terminals). The components are made from the
 * ink module handed in: ink is an ES module with top-level await, which the CommonJS CLI can
 * only load with import(), at run time.
 */
export function createMonitorApp(ink: typeof Ink) {
  const { Box, Text, useApp, useInput, useStdout } = ink;

  function AlertRow({ alert, selected, width, now }: { alert: AlertView; selected: boolean; width: number; now: number }) {
    const labels = Object.entries(alert.labels)
      .filter(([key]) => key !== 'alertname' && key !== 'severity')
      .map(([key, value]) => `${key}=${value}`)
      .join(' ');
    const marks = [alert.ack === null ? null : `acked by ${alert.ack.by}`, alert.silencedBy.length > 0 ? 'silenced' : null]
      .filter((mark) => mark !== null)
      .join(', ');
    return (
      <Text wrap="truncate" inverse={selected}>
        <Text color={alert.state === 'firing' ? 'red' : 'yellow'}>{pad(alert.state, 8)}</Text> {pad(alert.alertname, 22)} {pad(alert.severity ?? '', 9)}{' '}
        {pad(ago(alert.firedAt ?? alert.activeAt, now), 5)} {pad(`${labels}${marks === '' ? '' : `  (${marks})`}`, Math.max(0, width - 48))}
      </Text>
    );
  }

  function Detail({ service, state, width, height }: { service: ServiceView; state: LiveState; width: number; height: number }) {
    const probes = state.probesOf(service.name);
    const runtime = service.runtime;
    const lines = state.logs.filter((line) => line.service === service.name).slice(-Math.max(1, height - probes.length - 8));
    const now = Date.now();
    return (
      <Box flexDirection="column" height={height}>
        <Text bold>
          {service.name} <Text color={STATUS_COLOR[service.status]}>{service.status.replace('_', ' ')}</Text>
          <Text dimColor>{service.description === null ? '' : `  ${service.description}`}</Text>
        </Text>
        <Text wrap="truncate">{service.reason ?? ''}</Text>
        <Text wrap="truncate" dimColor>
          {runtime === null
            ? 'observed only (no start command)'
            : `pid ${runtime.pid ?? '–'} · up ${ago(runtime.startedAt, now)} · restarts ${runtime.restarts} · CPU ${runtime.cpuPercent === null ? '–' : `${runtime.cpuPercent.toFixed(1)}%`} · memory ${runtime.memoryBytes === null ? '–' : formatBytes(runtime.memoryBytes)}`}
          {service.dependsOn.length > 0 ? ` · after ${service.dependsOn.join(', ')}` : ''}
        </Text>
        <Text bold>Probes</Text>
        {probes.map((probe) => (
          <Text key={probe.id} wrap="truncate">
            <Text color={PROBE_COLOR[probe.status]}>{pad(probe.status, 8)}</Text> {pad(`${probe.kind} ${probe.target}`, Math.min(50, width - 30))}{' '}
            {pad(ms(probe.latencyMs), 8)} {pad(ago(probe.lastCheckAt, now), 5)} <Text dimColor>{probe.reason ?? ''}</Text>
          </Text>
        ))}
        <Text bold>Latency {sparkline(state.latency.get(service.name) ?? [], Math.max(10, width - 10))}</Text>
        <Text bold>Log</Text>
        {lines.length === 0 ? (
          <Text dimColor>no lines yet</Text>
        ) : (
          lines.map((line) => (
            <Text
              key={line.id}
              wrap="truncate"
            >{`${new Date(line.ts).toTimeString().slice(0, 8)} ${line.level.toUpperCase().padEnd(5)} ${line.text.split('\n')[0] ?? ''}`}</Text>
          ))
        )}
      </Box>
    );
  }

  function App({ state, actions, url, table, paint }: { state: LiveState; actions: MonitorActions; url: string; table: TablePainter; paint: Paint }) {
    const { exit } = useApp();
    const { stdout } = useStdout();
    const [size, setSize] = useState({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
    const [, setVersion] = useState(state.version);
    // Keys can arrive faster than renders: the handler reads and writes the latest values through refs.
    const [mode, setModeState] = useState<Mode>({ kind: 'list' });
    const [filter, setFilterState] = useState('');
    const [focus, setFocusState] = useState<'services' | 'alerts'>('services');
    const [selected, setSelectedState] = useState({ services: 0, alerts: 0 });
    const latest = useRef({ mode, filter, focus, selected });
    const setMode = (next: Mode): void => {
      latest.current.mode = next;
      setModeState(next);
    };
    const setFilter = (next: string): void => {
      latest.current.filter = next;
      setFilterState(next);
    };
    const setFocus = (next: 'services' | 'alerts'): void => {
      latest.current.focus = next;
      setFocusState(next);
    };
    const setSelected = (next: { services: number; alerts: number }): void => {
      latest.current.selected = next;
      setSelectedState(next);
    };
    const [message, setMessage] = useState<{ text: string; color: string } | null>(null);

    // A redraw a second at most, and only when an event changed something: the cost stays flat however many events arrive.
    // The service table's rows are drawn beside ink (table-painter.ts); ink redraws only when what it draws moved.
    useEffect(() => {
      let seen = screenKey(state, latest.current.mode, latest.current.filter);
      const timer = setInterval(() => {
        table.refresh();
        const now = screenKey(state, latest.current.mode, latest.current.filter);
        if (now === seen) return;
        seen = now;
        setVersion(state.version);
      }, 1_000);
      return () => clearInterval(timer);
    }, [state, table]);
    useEffect(() => {
      const resized = (): void => setSize({ columns: stdout.columns, rows: stdout.rows });
      stdout.on('resize', resized);
      return () => {
        stdout.off('resize', resized);
      };
    }, [stdout]);

    const services = filterServices(state.services, filter);
    const firing = state.firing();
    const currentAlert = firing[Math.min(selected.alerts, firing.length - 1)];
    const run = (work: Promise<string>): void => {
      setMessage({ text: 'working…', color: 'yellow' });
      work.then(
        (text) => setMessage({ text, color: 'green' }),
        (error: unknown) => setMessage({ text: error instanceof Error ? error.message : String(error), color: 'red' }),
      );
    };
    const quit = (): void => exit();

    const onKey = (input: string, key: Key): void => {
      const { mode, filter, focus, selected } = latest.current;
      const services = filterServices(state.services, filter);
      const current = services[Math.min(selected.services, services.length - 1)];
      const currentAlert = firing[Math.min(selected.alerts, firing.length - 1)];
      if (key.ctrl && input === 'c') return quit();
      if (mode.kind === 'filter') {
        if (key.escape) {
          setFilter('');
          setMode({ kind: 'list' });
        } else if (key.return) setMode({ kind: 'list' });
        else if (key.backspace || key.delete) {
          setFilter(mode.text.slice(0, -1));
          setMode({ kind: 'filter', text: mode.text.slice(0, -1) });
        } else if (input !== '' && !key.ctrl && !key.meta) {
          setFilter(mode.text + input);
          setMode({ kind: 'filter', text: mode.text + input });
          setSelected({ ...selected, services: 0 });
        }
        return;
      }
      if (mode.kind === 'confirm') {
        if (input === 'y' || input === 'Y') run(actions.restart(mode.service));
        else setMessage({ text: 'not restarted', color: 'gray' });
        setMode({ kind: 'list' });
        return;
      }
      if (mode.kind === 'silence') {
        if (key.escape) setMode({ kind: 'list' });
        else if (key.return) {
          run(actions.silence(mode.matchers, mode.text.trim() || '1h'));
          setMode({ kind: 'list' });
        } else if (key.backspace || key.delete) setMode({ ...mode, text: mode.text.slice(0, -1) });
        else if (/^[0-9a-z]$/.test(input)) setMode({ ...mode, text: mode.text + input });
        return;
      }
      if (mode.kind === 'detail') {
        if (key.escape || input === 'q' || key.return) setMode({ kind: 'list' });
        else if (input === 'r') setMode({ kind: 'confirm', service: mode.service });
        return;
      }
      const move = (by: number): void => {
        const count = focus === 'services' ? services.length : firing.length;
        const next = Math.max(0, Math.min(count - 1, selected[focus] + by));
        setSelected({ ...selected, [focus]: next });
      };
      if (input === 'q') return quit();
      if (key.upArrow || input === 'k') move(-1);
      else if (key.downArrow || input === 'j') move(1);
      else if (key.pageUp) move(-10);
      else if (key.pageDown) move(10);
      else if (key.tab) setFocus(focus === 'services' ? 'alerts' : 'services');
      else if (input === '/') setMode({ kind: 'filter', text: filter });
      else if (key.escape) {
        setFilter('');
        setMessage(null);
      } else if (key.return || input === 'o') {
        const name = focus === 'services' ? current?.name : currentAlert?.labels.service;
        if (name !== undefined) setMode({ kind: 'detail', service: name });
      } else if (input === 'r' && focus === 'services' && current !== undefined) setMode({ kind: 'confirm', service: current.name });
      else if (input === 's') {
        const matchers =
          focus === 'alerts'
            ? currentAlert === undefined
              ? null
              : { alertname: currentAlert.alertname, ...(currentAlert.labels.service === undefined ? {} : { service: currentAlert.labels.service }) }
            : current === undefined
              ? null
              : { service: current.name };
        if (matchers !== null) setMode({ kind: 'silence', matchers, text: '1h' });
      } else if (input === 'a') {
        const targets =
          focus === 'alerts'
            ? currentAlert === undefined
              ? []
              : [currentAlert]
            : firing.filter((alert) => alert.state === 'firing' && alert.labels.service === current?.name);
        run(actions.acknowledge(targets));
      }
    };
    useInput((input, key) => {
      for (const typed of typedKeys(input, key)) onKey(typed.input, typed.key);
    });

    const { columns, rows } = size;
    const body = rows - 3;
    const alertRows = Math.min(Math.max(1, firing.length), 6);
    const logRows = Math.max(2, Math.floor(body / 4));
    // The body's other lines: the table head and the alert and log titles.
    const serviceRows = Math.max(1, body - alertRows - logRows - 3);
    const tableShown = mode.kind !== 'detail' && columns >= MIN_COLUMNS && rows >= MIN_ROWS;
    // After every commit: where the table is now and what it shows (ink leaves its lines blank).
    useLayoutEffect(() => {
      const view = { columns, height: serviceRows, filter, selected: selected.services, highlight: focus === 'services' };
      table.show(tableShown ? { top: TABLE_TOP, height: serviceRows, columns, rows: () => serviceTableRows(state, view, paint) } : null);
    });

    if (columns < MIN_COLUMNS || rows < MIN_ROWS) {
      return (
        <Box flexDirection="column" height={rows}>
          <Text color="yellow" wrap="wrap">
            The terminal is {columns}×{rows}; zervigo monitor needs at least {MIN_COLUMNS}×{MIN_ROWS}. Make it larger, or press q to quit.
          </Text>
        </Box>
      );
    }

    const workspace = state.workspace;
    const { up, down } = state.counts();
    const machine = state.machine;
    const now = Date.now();
    const footer =
      mode.kind === 'filter'
        ? `filter: ${mode.text}▏  (Enter keep · Esc clear)`
        : mode.kind === 'confirm'
          ? `Restart ${mode.service}${workspace?.environment === null || workspace === null ? '' : ` in ${workspace.environment}`}? [y/N]`
          : mode.kind === 'silence'
            ? `Silence ${Object.entries(mode.matchers)
                .map(([key, value]) => `${key}=${value}`)
                .join(', ')} for: ${mode.text}▏  (Enter silence · Esc cancel)`
            : mode.kind === 'detail'
              ? 'Esc back · r restart'
              : '↑↓ select · Tab services/alerts · Enter open · r restart · s silence · a acknowledge · / filter · q quit';

    return (
      <Box flexDirection="column" height={rows} width={columns}>
        <Text wrap="truncate">
          <Text bold>Zervigo live</Text> · {workspace?.name ?? ''}
          {workspace?.environment === null || workspace === null ? '' : ` (${workspace.environment})`} · {url} · <Text color="green">{up} up</Text> ·{' '}
          <Text color={down > 0 ? 'red' : undefined}>{down} down</Text> · <Text color={firing.length > 0 ? 'red' : undefined}>{firing.length} alerting</Text>
          {state.connected ? '' : ' · '}
          {state.connected ? '' : <Text color="red">disconnected, reconnecting…</Text>}
        </Text>
        <Text wrap="truncate" dimColor>
          {machine === null
            ? 'machine: no sample yet'
            : `${machine.host}: CPU ${machine.cpuPercent === null ? '–' : `${machine.cpuPercent.toFixed(0)}%`} · load ${machine.load[0].toFixed(2)} · memory ${formatBytes(machine.memory.usedBytes)}/${formatBytes(machine.memory.totalBytes)} (${machine.memory.percent.toFixed(0)}%)${machine.disks[0] === undefined ? '' : ` · disk ${machine.disks[0].mountpoint} ${machine.disks[0].usedPercent.toFixed(0)}%`}`}
          {filter === '' ? '' : ` · filter "${filter}" (${services.length} of ${state.services.length})`}
        </Text>
        {mode.kind === 'detail' ? (
          (() => {
            const service = state.services.find((entry) => entry.name === mode.service);
            return service === undefined ? (
              <Text color="red">{mode.service} is no longer in the workspace</Text>
            ) : (
              <Detail service={service} state={state} width={columns} height={body} />
            );
          })()
        ) : (
          <Box flexDirection="column" height={body}>
            <Text bold color={focus === 'services' ? 'cyan' : undefined} wrap="truncate">
              {tableHead(tableColumns(state.services, columns))}
            </Text>
            {/* The rows are drawn beside ink, by the table painter. */}
            <Box height={serviceRows} />
            <Text bold color={focus === 'alerts' ? 'cyan' : undefined}>
              Alerts ({firing.length})
            </Text>
            <Box flexDirection="column" height={alertRows}>
              {firing.length === 0 ? (
                <Text color="green">no alert firing</Text>
              ) : (
                firing
                  .slice(0, alertRows)
                  .map((alert) => (
                    <AlertRow
                      key={alert.fingerprint}
                      alert={alert}
                      selected={focus === 'alerts' && alert.fingerprint === currentAlert?.fingerprint}
                      width={columns}
                      now={now}
                    />
                  ))
              )}
            </Box>
            <Text bold>Log{state.droppedLogLines > 0 ? ` (${state.droppedLogLines} lines dropped)` : ''}</Text>
            <Box flexDirection="column" height={logRows}>
              {state.logs.slice(-logRows).map((line) => (
                <Text
                  key={line.id}
                  wrap="truncate"
                  color={line.level === 'error' || line.level === 'fatal' ? 'red' : line.level === 'warn' ? 'yellow' : undefined}
                >
                  {`${new Date(line.ts).toTimeString().slice(0, 8)} ${pad(line.service, 10)} ${line.text.split('\n')[0] ?? ''}`}
                </Text>
              ))}
            </Box>
          </Box>
        )}
        <Text wrap="truncate" color={message?.color} inverse={mode.kind !== 'list'}>
          {mode.kind === 'list' && message !== null ? `${message.text}  ·  ${footer}` : footer}
        </Text>
      </Box>
    );
  }

  return { App };
}
