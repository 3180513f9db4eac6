import type { Command } from 'commander';
import { ZervigoError } from '../../shared/errors';
import { DEFAULT_URL } from '../server-client';
import { serverExitCode } from '../server-exit-code';
import { consoleClient } from '../console-call';

export function registerMonitorCommand(program: Command): void {
  program
    .command('monitor')
    .description(
      'a full-screen terminal view of a running console: services with status, latency sparklines, CPU and memory, firing alerts, the log tail; keys to restart, silence, acknowledge, filter and open a service; exit 3 when --url does not answer, 4 when it refuses the token',
    )
    .option('--live', 'follow the console live (its WebSocket events)')
    .option('--url <url>', `the console (default: $ZERVIGO_URL, else ${DEFAULT_URL})`)
    .option('--token <token>', 'the API token (default: $ZERVIGO_TOKEN, else the one in the data folder)')
    .action(async (options: { live?: boolean; url?: string; token?: string }, command: Command) => {
      if (options.live !== true)
        throw new ZervigoError('invalid_input', 'zervigo monitor runs live: zervigo monitor --live (for a one-shot check, zervigo check)');
      if (process.stdout.isTTY !== true || process.stdin.isTTY !== true)
        throw new ZervigoError('invalid_input', 'zervigo monitor --live needs a terminal; for a one-shot report use zervigo check (--json for machines)');
      try {
        // React and ink pick their production builds as they load: loaded here, not with the CLI,
        // so only this command (a terminal client that starts no services) runs with NODE_ENV set.
        process.env.NODE_ENV ??= 'production';
        const { runMonitor } = await import('../monitor/run-monitor');
        await runMonitor(consoleClient(command, options));
      } catch (error) {
        process.stderr.write(`zervigo: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = serverExitCode(error, 1);
      }
    });
}
