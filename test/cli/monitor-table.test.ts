import { PassThrough, Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { painter } from '../../src/cli/colors';
import { LiveState } from '../../src/cli/monitor/live-state';
import type { MonitorActions } from '../../src/cli/monitor/monitor-actions';
import { loadInk } from '../../src/cli/monitor/load-ink';
import { createMonitorApp } from '../../src/cli/monitor/monitor-view';
import { serviceTableRows } from '../../src/cli/monitor/service-table';
import { TablePainter } from '../../src/cli/monitor/table-painter';
import { fitToColumns, terminalColumns } from '../../src/cli/monitor/terminal-width';
import { watchedStdout } from '../../src/cli/monitor/watched-stdout';
import type { ProbeState } from '../../src/shared/types/monitoring';
import type { ServiceView } from '../../src/shared/types/service';
import type { WorkspaceView } from '../../src/shared/types/workspace';
import { waitFor } from '../helpers/wait-for';

const service = (name: string, status: ServiceView['status'], reason: string | null = null): ServiceView =>
  ({ name, status, reason, description: null, runtime: null, dependsOn: [] }) as unknown as ServiceView;
const probe = (name: string, checkedAt: number, latencyMs: number): ProbeState =>
  ({
    id: `${name}#0`,
    service: name,
    kind: 'tcp',
    target: '127.0.0.1:1',
    status: 'up',
    reason: null,
    lastCheckAt: checkedAt,
    latencyMs,
  }) as unknown as ProbeState;

function stateOf(services: ServiceView[]): LiveState {
  const state = new LiveState();
  state.load({
    workspace: { name: 'shop', environment: null } as unknown as WorkspaceView,
    services,
    probes: services.map((entry) => probe(entry.name, 0, 5)),
    alerts: [],
    machine: null,
    monitoring: [],
  });
  return state;
}

const ESC = String.fromCharCode(27);
/** A row the painter wrote: moved to its line, its text, then reset and cleared to the line's end. */
const PAINTED_ROW = new RegExp(`${ESC}\\[(\\d+);1H(.*?)${ESC}\\[0m${ESC}\\[K`, 'g');

/** The rows the painter wrote, by 1-based screen line, from its escape sequences. */
function writtenRows(output: string): Map<number, string> {
  const rows = new Map<number, string>();
  for (const match of output.matchAll(PAINTED_ROW)) rows.set(Number(match[1]), stripVTControlCharacters(match[2] ?? ''));
  return rows;
}

describe('the live monitor’s service table, drawn beside ink', () => {
  it('fits names and reasons in any script to their columns, so a row never runs past the screen', () => {
    expect(fitToColumns('名前です', 5)).toBe('名前…');
    expect(terminalColumns(fitToColumns('名前です', 5))).toBe(5);
    expect(fitToColumns('café', 6)).toBe('café  ');
    expect(fitToColumns('line one\nline two', 20)).toBe('line one line two   ');
    expect(fitToColumns('connection refused', 10)).toBe('connectio…');

    const state = stateOf([service('web', 'up'), service('db', 'down', 'tcp#0: 接続が拒否されました 🔥 by 127.0.0.1:5432 (is it listening?)')]);
    for (const columns of [60, 80, 160]) {
      const rows = serviceTableRows(state, { columns, height: 10, filter: '', selected: 0, highlight: true }, painter(true));
      expect(rows).toHaveLength(2);
      for (const row of rows) expect(terminalColumns(stripVTControlCharacters(row))).toBeLessThanOrEqual(columns - 1);
    }
    const rows = serviceTableRows(state, { columns: 120, height: 10, filter: 'db', selected: 0, highlight: true }, painter(true));
    expect(stripVTControlCharacters(rows[0] ?? '')).toMatch(/^db\s+down\s+5 ms .*接続が拒否されました 🔥/);
    // The selected row is drawn inverse.
    expect(rows[0]?.startsWith(`${ESC}[7m`)).toBe(true);
  });

  it('writes only the rows that changed, and all of them again after ink redrew the screen', async () => {
    const state = stateOf(['a', 'b', 'c'].map((name) => service(name, 'up')));
    let written = '';
    const table = new TablePainter((text) => (written += text));
    table.show({
      top: 3,
      height: 5,
      columns: 80,
      rows: () => serviceTableRows(state, { columns: 80, height: 5, filter: '', selected: 0, highlight: false }, painter(false)),
    });
    await waitFor(() => written !== '', { what: 'the first drawing' });
    expect([...writtenRows(written).keys()]).toEqual([4, 5, 6, 7, 8]);

    written = '';
    table.refresh();
    expect(written).toBe('');

    state.apply('probes.changed', [probe('b', 1, 40)]);
    table.refresh();
    const changed = writtenRows(written);
    expect([...changed.keys()]).toEqual([5]);
    expect(changed.get(5)).toMatch(/^b\s+up\s+▁\s+40 ms/);

    written = '';
    table.screenWritten();
    await waitFor(() => written !== '', { what: 'the rows drawn again' });
    expect([...writtenRows(written).keys()]).toEqual([4, 5, 6, 7, 8]);

    written = '';
    table.stop();
    table.screenWritten();
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toBe('');
  });

  it('lets ink redraw the screen only when what ink draws changed: a second of new latencies repaints a row, not a frame', async () => {
    const state = stateOf(Array.from({ length: 60 }, (_, index) => service(`s${index}`, 'up')));
    // As the monitor loads it: CI runs these tests with CI=true, under which Ink draws only on exit.
    const ink = await loadInk();
    const { App } = createMonitorApp(ink);
    let inkWrites = 0;
    let screen = '';
    const terminal = Object.assign(
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          screen += chunk.toString();
          done();
        },
      }),
      { isTTY: true, columns: 160, rows: 50 },
    ) as unknown as NodeJS.WriteStream;
    const keyboard = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => undefined, ref: () => undefined, unref: () => undefined });
    const table = new TablePainter((text) => terminal.write(text));
    const instance = ink.render(createElement(App, { state, actions: {} as MonitorActions, url: 'http://127.0.0.1:1', table, paint: painter(false) }), {
      stdout: watchedStdout(terminal, () => {
        inkWrites++;
        table.screenWritten();
      }),
      stdin: keyboard as unknown as NodeJS.ReadStream,
      exitOnCtrlC: false,
      patchConsole: false,
      maxFps: 10,
    });
    try {
      await waitFor(() => screen.includes('Zervigo live · shop') && writtenRows(screen).size > 0, { what: 'the first screen with its table' });
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      inkWrites = 0;
      screen = '';
      // Three seconds of latencies, as probes.changed brings them each second.
      for (let second = 1; second <= 3; second++) {
        state.apply(
          'probes.changed',
          Array.from({ length: 60 }, (_, index) => probe(`s${index}`, second, 5 + second * 10 + index)),
        );
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
      await waitFor(() => /35 ms/.test(writtenRows(screen).get(4) ?? ''), { what: 's0’s new latency on row 4' });
      expect(inkWrites).toBe(0);

      // A change ink draws (the connection) does redraw the frame, and the table after it.
      screen = '';
      state.setConnected(false);
      await waitFor(() => screen.includes('disconnected, reconnecting…') && writtenRows(screen).has(4), { what: 'the frame and the table again' });
      expect(inkWrites).toBeGreaterThan(0);
    } finally {
      table.stop();
      instance.unmount();
    }
  });
});
