import type { Command } from 'commander';
import { consoleClient, withServerOptions, type ServerFlags } from '../console-call';
import { runInteractive } from '../interactive/run-interactive';
import { dataDirOf } from '../options';
import { serverExitCode } from '../server-exit-code';

export function registerInteractiveCommand(program: Command): void {
  withServerOptions(program.command('interactive'), 'the console')
    .alias('shell')
    .description(
      "a shell over every contract command of a running console: field=value input (or JSON), Tab completion of commands, fields and the workspace's names, history, help COMMAND; piped lines run as a script (exit 1 if one failed); exit 3 when --url does not answer, 4 when it refuses the token",
    )
    .action(async (options: ServerFlags, command: Command) => {
      try {
        process.exitCode = await runInteractive(consoleClient(command, options), dataDirOf(command), {
          input: process.stdin,
          output: process.stdout,
          terminal: process.stdin.isTTY === true && process.stdout.isTTY === true,
        });
      } catch (error) {
        process.stderr.write(`zervigo: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = serverExitCode(error, 1);
      }
    });
}
