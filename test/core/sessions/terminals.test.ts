import { fork } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inProcessPtyBackend } from '../../../src/core/sessions/pty-host';
import type { PtyBackend } from '../../../src/core/sessions/pty-protocol';
import { remotePtyBackend } from '../../../src/core/sessions/remote-pty-backend';
import { HIGH_WATERMARK, TerminalManager } from '../../../src/core/sessions/terminal-manager';
import type { TmuxClient } from '../../../src/core/sessions/tmux-client';
import type { TerminalInfo, TerminalOutput } from '../../../src/shared/types/sessions';
import { tempDir } from '../../helpers/temp-dir';
import { privateTmux } from '../../helpers/tmux-server';
import { waitFor } from '../../helpers/wait-for';
import { signalChild } from '../../../src/core/process/signal-child';

const managers: TerminalManager[] = [];
const backends: PtyBackend[] = [];
afterEach(() => {
  for (const manager of managers.splice(0)) manager.dispose();
  for (const backend of backends.splice(0)) backend.dispose();
});

function terminals(options: { backend?: PtyBackend; tmux?: TmuxClient } = {}) {
  const backend = options.backend ?? inProcessPtyBackend();
  backends.push(backend);
  const outputs: TerminalOutput[] = [];
  const exits: TerminalInfo[] = [];
  const manager = new TerminalManager({
    backend,
    tmux: () => options.tmux as TmuxClient,
    cwd: () => tempDir(),
    emitOutput: (output) => outputs.push(output),
    emitExited: (info) => exits.push(info),
  });
  managers.push(manager);
  const text = (id: string) =>
    outputs
      .filter((output) => output.id === id)
      .map((output) => output.data)
      .join('');
  return { manager, outputs, exits, text };
}

const shell = { kind: 'shell' as const };

describe('embedded terminals', () => {
  it('runs a shell in a pty: input, output, resize, exit', async () => {
    const t = terminals();
    const info = t.manager.open(shell, 80, 24);
    expect(info).toMatchObject({ title: 'shell', cols: 80, rows: 24, exited: null });
    t.manager.input(info.id, 'echo answer=$((6*7))\r');
    await waitFor(() => t.text(info.id).includes('answer=42'), { what: 'the echo' });
    t.manager.resize(info.id, 120, 40);
    t.manager.input(info.id, 'stty size\r');
    await waitFor(() => t.text(info.id).includes('40 120'), { what: 'the new size' });
    t.manager.input(info.id, 'exit 3\r');
    await waitFor(() => t.exits.length === 1, { what: 'the exit' });
    expect(t.exits[0]).toMatchObject({ id: info.id, exited: { code: 3 } });
    expect(() => t.manager.input(info.id, 'x')).toThrow(`no open terminal ${info.id}`);
    // Batches are numbered so a client can tell it missed one.
    const seqs = t.outputs.map((output) => output.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it('bounds what is in flight: with no acknowledgement the pty is paused and the writer blocks; acks resume it', async () => {
    const t = terminals();
    const info = t.manager.open(shell, 80, 24);
    t.manager.input(info.id, 'yes flow-control-line\r');
    const received = () => t.text(info.id).length;
    await waitFor(() => received() > HIGH_WATERMARK, { timeoutMs: 10_000, what: 'output past the high watermark' });
    // Paused: at most the batches already on their way arrive, then nothing while nobody acknowledges.
    // A second terminal is the witness that output kept flowing meanwhile: each of its echoes
    // crosses the same pty backend and batching, so anything the first had would have come too.
    const witness = t.manager.open(shell, 80, 24);
    const echo = async (marker: string) => {
      t.manager.input(witness.id, `echo ${marker}-$((6*7))\r`);
      await waitFor(() => t.text(witness.id).includes(`${marker}-42`), { what: `the witness's ${marker}` });
    };
    await echo('first');
    const stalled = received();
    await echo('second');
    await echo('third');
    expect(received()).toBe(stalled);
    expect(t.manager.inFlight(info.id)).toBeLessThanOrEqual(HIGH_WATERMARK + 300 * 1024);
    // The client catches up: output flows again.
    t.manager.ack(info.id, stalled);
    await waitFor(() => received() > stalled + HIGH_WATERMARK, { timeoutMs: 10_000, what: 'output to resume' });
    t.manager.input(info.id, '\x03');
  });

  it('keeps UTF-8 whole across batches and reads', async () => {
    const t = terminals();
    const info = t.manager.open(shell, 200, 24);
    // 300 KB of 2-, 3- and 4-byte characters: more than one batch, many pty reads.
    t.manager.input(info.id, `perl -CS -e 'print "\\x{e9}\\x{20ac}\\x{1F600}" x 40000; print "\\n", "end-", "of-utf8\\n"'\r`);
    await waitFor(() => t.text(info.id).includes('end-of-utf8'), { timeoutMs: 10_000, what: 'the whole output' });
    const text = t.text(info.id);
    expect(text).not.toContain('\uFFFD');
    expect(text.match(/é€😀/g)?.length).toBe(40_000);
  });

  it('attaches to a tmux session through a view of its own, which goes when the terminal closes', async () => {
    const { client, tmux } = privateTmux();
    tmux('new-session', '-d', '-s', 'shop', '-n', 'api', 'sh -c "echo api-window-marker; exec sleep 60"');
    tmux('new-window', '-d', '-t', 'shop:', '-n', 'db', 'sh -c "echo db-window-marker; exec sleep 60"');
    const t = terminals({ tmux: client });
    const info = t.manager.open({ kind: 'tmux', session: 'shop', window: 'db' }, 100, 30);
    expect(info.title).toBe('shop:db');
    await waitFor(() => t.text(info.id).includes('db-window-marker'), { what: 'the db window on screen' });
    const sessions = await client.list();
    expect(sessions.map((session) => session.name)).toEqual(['shop', expect.stringMatching(/^shop-view-/)]);
    // The operator's own session did not move to db.
    expect(sessions.find((session) => session.name === 'shop')?.windows.find((window) => window.active)?.name).toBe('api');
    t.manager.close(info.id);
    await waitFor(async () => (await client.list()).length === 1, { what: 'the view session to go' });
    // The terminal's end arrives from its pty, after tmux has let the view go.
    await waitFor(() => t.exits.length === 1, { what: 'the terminal to end' });
    expect(t.exits).toHaveLength(1);
  });

  it('works the same with the pty host in another process', async () => {
    const child = fork(path.join(__dirname, '../../helpers/pty-host-child.ts'), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const backend = remotePtyBackend({
      postMessage: (message) => child.send(message as object),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.once('exit', listener),
      kill: () => signalChild(child),
    });
    const t = terminals({ backend });
    const info = t.manager.open(shell, 80, 24);
    t.manager.input(info.id, 'echo remote=$((40+2)); exit\r');
    await waitFor(() => t.exits.length === 1, { timeoutMs: 10_000, what: 'the remote shell to exit' });
    expect(t.text(info.id)).toContain('remote=42');
    // The host process dying ends its terminals, with a word for each.
    const second = t.manager.open(shell, 80, 24);
    await waitFor(() => t.text(second.id).length > 0, { what: 'the second shell' });
    signalChild(child, 'SIGKILL');
    await waitFor(() => t.exits.some((exit) => exit.id === second.id), { what: 'the second terminal to end with its host' });
  });
});
