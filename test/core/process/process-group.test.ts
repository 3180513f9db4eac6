import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { groupMembers, isSignallableGroup, processGroupOf, signalGroup, signalPid, terminateGroup } from '../../../src/core/process/process-group';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('process groups', () => {
  it("never signals group 0 (a missing pid), init's group or its own group", async () => {
    const kill = vi.spyOn(process, 'kill');
    const own = processGroupOf(process.pid) as number;
    for (const pgid of [0, -0, null as unknown as number, Number.NaN, 1, own]) {
      expect(isSignallableGroup(pgid)).toBe(false);
      expect(signalGroup(pgid, 'SIGTERM')).toBe(false);
      expect(groupMembers(pgid)).toEqual([]);
    }
    await expect(terminateGroup(null as unknown as number, 50)).resolves.toBe('terminated');
    expect(kill).not.toHaveBeenCalled();
  });

  it('signals one pid, never pid 0, a group (negative), init or Zervigo itself', async () => {
    const kill = vi.spyOn(process, 'kill');
    for (const pid of [0, -0, -5, Number.NaN, 1, process.pid]) expect(signalPid(pid, 'SIGTERM')).toBe(false);
    expect(kill).not.toHaveBeenCalled();
    kill.mockRestore();
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    await new Promise((resolve) => child.once('spawn', resolve));
    const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    expect(signalPid(child.pid as number, 'SIGTERM')).toBe(true);
    await expect(exited).resolves.toBe('SIGTERM');
  });

  it('stops a real group of its own', async () => {
    const child = spawn('sh', ['-c', 'sleep 30 & sleep 30'], { detached: true, stdio: 'ignore' });
    await new Promise((resolve) => child.once('spawn', resolve));
    const pgid = child.pid as number;
    expect(isSignallableGroup(pgid)).toBe(true);
    await expect(terminateGroup(pgid, 2_000)).resolves.toBe('terminated');
    expect(groupMembers(pgid)).toEqual([]);
  });
});
