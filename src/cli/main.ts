import { Command, CommanderError } from 'commander';
import { ZERVIGO_VERSION } from '../core/version';
import { registerAgentsCommand } from './commands/agents';
import { registerAskCommand } from './commands/ask';
import { registerAutomationCommands } from './commands/automation';
import { registerBatchCommand } from './commands/batch';
import { registerCheckCommand } from './commands/check';
import { registerConfigCommands } from './commands/config';
import { registerDashboardCommand } from './commands/dashboard';
import { registerInitCommand } from './commands/init';
import { registerInteractiveCommand } from './commands/interactive';
import { registerIncidentsCommand } from './commands/incidents';
import { registerInsightsCommand } from './commands/insights';
import { registerLogsCommands } from './commands/logs';
import { registerMonitorCommand } from './commands/monitor';
import { registerOncallCommand } from './commands/oncall';
import { registerReportCommand } from './commands/report';
import { registerServeCommand } from './commands/serve';
import { registerScaleCommand } from './commands/scale';
import { registerPluginsCommands } from './commands/plugins';
import { registerSessionsCommand } from './commands/sessions';
import { registerStatusPageCommands } from './commands/status-page';
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
  registerAgentsCommand(program);
  registerCheckCommand(program);
  registerReportCommand(program);
  registerMonitorCommand(program);
  registerInteractiveCommand(program);
  registerIncidentsCommand(program);
  registerInsightsCommand(program);
  registerUsersCommands(program);
  registerTokensCommands(program);
  registerPluginsCommands(program);
  registerAutomationCommands(program);
  registerStatusPageCommands(program);
  registerOncallCommand(program);
  registerDashboardCommand(program);
  registerScaleCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  // `zervigo insights | head`: the reader has gone, so nothing more is wanted; not a crash with a stack.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) process.exit(error.exitCode);
    fail(error);
  }
}

if (require.main === module) void main(process.argv);
