import { Command, CommanderError } from 'commander';
import { ZERVIGO_VERSION } from '../core/version';
import { registerAskCommand } from './commands/ask';
import { registerBatchCommand } from './commands/batch';
import { registerConfigCommands } from './commands/config';
import { registerInitCommand } from './commands/init';
import { registerLogsCommands } from './commands/logs';
import { registerServeCommand } from './commands/serve';
import { registerPluginsCommands } from './commands/plugins';
import { registerSessionsCommand } from './commands/sessions';
import { registerTokenCommand } from './commands/token';
import { registerTokensCommands } from './commands/tokens';
import { registerUsersCommands } from './commands/users';
import { fail } from './output';

/** `zervigo`: the engine's command line. Each command lives in its own file under commands/. */
export function buildProgram(): Command {
  const program = new Command('zervigo')
    .description('Zervigo — one console for the services you run: probes, alerts, automation, terminals and logs')
    .version(ZERVIGO_VERSION, '-v, --version')
    .option('-d, --data-dir <dir>', 'data folder (default: $ZERVIGO_DATA_DIR, else the platform data folder)')
    .showHelpAfterError('(run zervigo --help for usage)')
    .exitOverride();
  registerServeCommand(program);
  registerTokenCommand(program);
  registerInitCommand(program);
  registerConfigCommands(program);
  registerLogsCommands(program);
  registerBatchCommand(program);
  registerSessionsCommand(program);
  registerAskCommand(program);
  registerUsersCommands(program);
  registerTokensCommands(program);
  registerPluginsCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) process.exit(error.exitCode);
    fail(error);
  }
}

if (require.main === module) void main(process.argv);
