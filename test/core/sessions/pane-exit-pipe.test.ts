import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PaneExitPipe } from '../../../src/core/sessions/pane-exit-pipe';
import { signalChild } from '../../../src/core/process/signal-child';
import { tempDir } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';

/** The exit pipe on plain child processes (tmux only runs the same argv): the end is an event. */
describe('a pane exit pipe', () => {
  it('reports the end of the process holding it, keeps its stdout and stderr, and leaves no file behind', async () => {
    const dir = tempDir();
    let ended = 0;
    const pipe = PaneExitPipe.create(dir, () => ended++);
    expect(pipe).not.toBeNull();
    const [command, ...args] = (pipe as PaneExitPipe).wrap(['sh', '-c', 'echo out; echo err >&2; exec sleep 60']);
    const child = spawn(command as string, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = { out: '', err: '' };
    child.stdout.on('data', (chunk: Buffer) => (output.out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output.err += chunk.toString()));
    try {
      await waitFor(() => output.err.includes('err') && output.out.includes('out'), { what: 'the output of the wrapped command' });
      // Held: the FIFO is gone from the folder, the process has it open as fd 9.
      await waitFor(() => fs.readdirSync(dir).length === 0 || undefined, { what: 'the FIFO to be unlinked' });
      expect(fs.readlinkSync(`/proc/${child.pid}/fd/9`)).toMatch(/\.exit \(deleted\)$/);
      expect(ended).toBe(0);
      signalChild(child, 'SIGKILL');
      await waitFor(() => ended === 1 || undefined, { what: 'the end to be reported' });
    } finally {
      signalChild(child, 'SIGKILL');
      pipe?.close();
    }
  });

  it('still runs the service when the pipe cannot be taken, and reports nothing', async () => {
    const dir = tempDir();
    let ended = 0;
    const pipe = PaneExitPipe.create(dir, () => ended++) as PaneExitPipe;
    // The FIFO is gone before the command starts (its folder was cleaned, say).
    fs.rmSync(pipe.file);
    const [command, ...args] = pipe.wrap(['sh', '-c', 'echo ran; exit 3']);
    const child = spawn(command as string, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect({ code, out, err }).toEqual({ code: 3, out: 'ran\n', err: '' });
    pipe.close();
    expect(ended).toBe(0);
  });
});
