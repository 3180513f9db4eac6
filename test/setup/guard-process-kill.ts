/**
 * A test that signals pid 0 (or -0, which is what a missing pid becomes) or the runner's own
 * process group stops the whole test run — vitest, its workers and the shell that started them
 * — without a word. Here such a call fails the test that made it, with its stack, instead.
 */
import { processGroupOf } from '../../src/core/process/process-group';

const group = processGroupOf(process.pid);
const realKill = process.kill.bind(process);

process.kill = (pid: number, signal?: string | number): true => {
  const probing = signal === 0;
  if (!probing && (pid === 0 || (group !== null && pid === -group))) {
    throw new Error(`refused process.kill(${Object.is(pid, -0) ? '-0' : pid}, ${String(signal ?? 'SIGTERM')}): it would signal the test run itself`);
  }
  return realKill(pid, signal);
};
