import { createElement } from 'react';
import type { AlertView } from '../../shared/types/alerts';
import type { LogTailStarted } from '../../shared/types/logs';
import type { MachineSample, ProbeState, ServiceMonitoring } from '../../shared/types/monitoring';
import type { ServiceView } from '../../shared/types/service';
import type { WorkspaceView } from '../../shared/types/workspace';
import { colorWanted, painter } from '../colors';
import type { ServerClient } from '../server-client';
import { LIVE_EVENTS, LiveState } from './live-state';
import { monitorActions } from './monitor-actions';
import { createMonitorApp } from './monitor-view';
import { TablePainter } from './table-painter';
import { watchedStdout } from './watched-stdout';
import { loadInk } from './load-ink';

const ENTER_ALTERNATE_SCREEN = '\u001b[?1049h\u001b[H';
const LEAVE_ALTERNATE_SCREEN = '\u001b[?1049l';
/** A live tail unacknowledged for 60 s ends on the server: acknowledged well within that. */
const TAIL_ACK_MS = 1_000;
/** After the connection drops, how often to try again. */
const RECONNECT_MS = 2_000;

/** One connection to the server: its events, the state loaded under them, and a live log tail. */
interface Connection {
  close(): Promise<void>;
}

/**
 * Subscribes before loading, so nothing that changes in between is missed; then loads the whole
 * state through the contract and starts a live tail of the logs. `onDrop` hears of a lost connection.
 */
async function connect(client: ServerClient, state: LiveState, onDrop: () => void): Promise<Connection> {
  const call = <T>(method: 'GET' | 'POST', route: string, body?: unknown): Promise<T> => client.call<T>(method, route, body, { timeoutMs: 10_000 });
  // A plain call first: a console that does not answer or refuses the token says so in its own words.
  const workspace = await call<WorkspaceView>('GET', '/workspace');
  const stopEvents = await client.events(LIVE_EVENTS, (name, payload) => state.apply(name, payload), onDrop);
  let tailId: string | null = null;
  let ackTimer: NodeJS.Timeout | null = null;
  const close = async (): Promise<void> => {
    if (ackTimer !== null) clearInterval(ackTimer);
    stopEvents();
    if (tailId !== null) await client.call('POST', '/rpc/logs.untail', { tailId }, { timeoutMs: 2_000 }).catch(() => undefined);
  };
  try {
    const [services, probes, alerts, machine, monitoring] = await Promise.all([
      call<ServiceView[]>('GET', '/services'),
      call<ProbeState[]>('GET', '/probes'),
      call<AlertView[]>('GET', '/alerts'),
      call<MachineSample | null>('GET', '/machine'),
      call<ServiceMonitoring[]>('GET', '/monitoring/services'),
    ]);
    state.load({ workspace, services, probes, alerts, machine, monitoring });
    const started = await call<LogTailStarted>('POST', '/logs/tail', { query: '' });
    tailId = started.tailId;
    state.followTail(started.tailId);
    ackTimer = setInterval(() => void call('POST', `/logs/tail/${started.tailId}/ack`).catch(() => undefined), TAIL_ACK_MS);
  } catch (error) {
    await close();
    throw error;
  }
  state.setConnected(true);
  return { close };
}

/**
 * `zervigo monitor --live`: the state is loaded once through the contract, then kept current by
 * the server's events over its WebSocket (no polling); the log panel is a live tail. A dropped
 * connection (the server restarting) is shown and retried until it comes back. Runs in the
 * terminal's alternate screen and gives the terminal back as it was on quit, Ctrl-C or SIGTERM.
 */
export async function runMonitor(client: ServerClient): Promise<void> {
  const state = new LiveState();
  // Held in an object: the drop handler, the reconnect and the quit all read and change it.
  const live: { connection: Connection | null } = { connection: null };
  let reconnectTimer: NodeJS.Timeout | null = null;
  let stopped = false;
  const onDrop = (): void => {
    state.setConnected(false);
    live.connection = null;
    scheduleReconnect();
  };
  const scheduleReconnect = (): void => {
    if (stopped || reconnectTimer !== null) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      connect(client, state, onDrop).then(
        (opened) => {
          if (stopped) void opened.close();
          else live.connection = opened;
        },
        () => scheduleReconnect(),
      );
    }, RECONNECT_MS);
  };
  live.connection = await connect(client, state, onDrop);

  const ink = await loadInk();
  const { App } = createMonitorApp(ink);
  process.stdout.write(ENTER_ALTERNATE_SCREEN);
  // The service table is written beside ink, again after each of ink's frames (see table-painter.ts).
  const table = new TablePainter((text) => process.stdout.write(text));
  const paint = painter(colorWanted(process.stdout, undefined));
  const props = { state, actions: monitorActions(client), url: client.url, table, paint };
  const instance = ink.render(createElement(App, props), {
    stdout: watchedStdout(process.stdout, () => table.screenWritten()),
    exitOnCtrlC: false,
    patchConsole: true,
    incrementalRendering: true,
    maxFps: 10,
  });
  const onSignal = (): void => instance.unmount();
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  try {
    await instance.waitUntilExit();
  } finally {
    stopped = true;
    table.stop();
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    instance.cleanup();
    process.stdout.write(LEAVE_ALTERNATE_SCREEN);
    if (reconnectTimer !== null) clearTimeout(reconnectTimer);
    await live.connection?.close();
  }
}
