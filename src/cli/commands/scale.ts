import type { Command } from 'commander';
import { callConsole, withServerOptions, type ServerFlags } from '../console-call';

/**
 * `zervigo scale web 3`: the running console runs web as 3 replicas (services.scale). The count
 * goes to the console as written: it says what is wrong with it (not a whole number, outside
 * scale's min..max, not a replicated service), as the console and the API do.
 */
export function registerScaleCommand(program: Command): void {
  withServerOptions(
    program
      .command('scale')
      .argument('<service>', 'a replicated service (replicas: or scale: in the workspace)')
      .argument('<replicas>', 'how many replicas it runs, e.g. 3 (within its scale: min..max)')
      .option('--reason <text>', 'why, for the audit log (default: scaled by <you>)')
      .option('--yes', 'confirm scaling down in a confirm_destructive environment')
      .option('--json', 'as JSON')
      .description('run a replicated service as N replicas: new ones started and ready, the highest stopped; kept across restarts (exit 1 if it failed)'),
  ).action(async (service: string, replicas: string, flags: ServerFlags & { reason?: string; yes?: boolean }, command: Command) => {
    // Scaling up waits for the new replicas to be ready: as long as their ready_timeout allows.
    const result = await callConsole(
      command,
      flags,
      'services.scale',
      { service, replicas, reason: flags.reason, confirm: flags.yes === true },
      { timeoutMs: 3_600_000 },
    );
    if (flags.json === true) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else process.stdout.write(`${result.ok ? '' : 'FAILED: '}${result.summary}\n`);
    if (!result.ok) process.exitCode = 1;
  });
}
