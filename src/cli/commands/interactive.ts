import type { Command } from 'commander';
import { runInteractive } from '../interactive/run-interactive';
import { dataDirOf } from '../options';
import { DEFAULT_URL, resolveToken, serverClient } from '../server-client';
import { serverExitCode } from '../server-exit-code';

export function registerInteractiveCommand(program: Command): void {
  program
    .command('interactive')
    .alias('shell')
    .description(
      "a shell over every contract command of a running console: field=value input (or JSON), Tab completion of commands, fields and the workspace's names, history, help COMMAND; piped lines run as a script (exit 1 if one failed); exit 3 when --url does not answer, 4 when it refuses the token",
    )
    .option('--url <url>', `the console (default: $ZERVIGO_URL, else ${DEFAULT_URL})`)
    .option('--token <token>', 'the API token (default: $ZERVIGO_TOKEN, else the one in the data folder)')
    .action(async (options: { url?: string; token?: string }, command: Command) => {
      try {
        const dataDir = dataDirOf(command);
        const client = serverClient(options.url ?? process.env.ZERVIGO_URL ?? DEFAULT_URL, resolveToken(dataDir, options.token));
        process.exitCode = await runInteractive(client, dataDir, {
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
