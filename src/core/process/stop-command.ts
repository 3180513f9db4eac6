import { spawn } from 'node:child_process';
import { signalGroup } from './process-group';
import type { ServiceSpec } from './runner';

/** Runs the service's own stop command (argv, its cwd and env); if that cannot run, SIGTERM does the job. */
export function askToStop(spec: ServiceSpec, pgid: number): void {
  const [command, ...args] = spec.stopArgv ?? [];
  if (command === undefined) {
    signalGroup(pgid, 'SIGTERM');
    return;
  }
  const stopper = spawn(command, args, { cwd: spec.cwd, env: { ...process.env, ...spec.env }, stdio: 'ignore' });
  stopper.once('error', () => signalGroup(pgid, 'SIGTERM'));
  stopper.unref();
}
