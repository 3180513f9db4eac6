import type { Command } from 'commander';
import { loadOrCreateToken } from '../../server/auth/api-token';
import { dataDirOf } from '../options';

export function registerTokenCommand(program: Command): void {
  program
    .command('token')
    .description('print the API token (created on first use); send it as "Authorization: Bearer <token>" or paste it in the web console')
    .action((_options: unknown, command: Command) => {
      process.stdout.write(`${loadOrCreateToken(dataDirOf(command))}\n`);
    });
}
