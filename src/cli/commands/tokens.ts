import type { Command } from 'commander';
import { SCOPES, isPermission, type Permission } from '../../shared/auth/permissions';
import { DEFAULT_WORKSPACE } from '../../shared/auth/principal';
import { ZervigoError } from '../../shared/errors';
import { callAuthCommand } from '../contract-caller';
import { formatTimestamp, printTable } from '../output';
import { callerOptions, withServerFlags } from './users';

interface ServerFlags {
  url?: string;
  token?: string;
}

const out = (line: string): boolean => process.stdout.write(`${line}\n`);

function scopes(values: string[] | undefined): Permission[] | undefined {
  if (values === undefined || values.length === 0) return undefined;
  const list = values
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
  const wrong = list.filter((value) => !isPermission(value) || value === 'signed_in');
  if (wrong.length > 0) throw new ZervigoError('invalid_input', `--scope ${wrong.join(', ')}: a scope is one of ${SCOPES.join(', ')}`);
  return list as Permission[];
}

export function registerTokensCommands(program: Command): void {
  const tokens = program.command('tokens').description('API tokens of people and service accounts: create (shown once), list, revoke');

  withServerFlags(
    tokens
      .command('create')
      .requiredOption('--user <name>', 'the account the token acts as')
      .option('--name <name>', 'what the token is for (shown in lists and the audit log)')
      .option('--scope <scopes...>', `narrow it to some permissions (${SCOPES.join(', ')}); default: all its account may do`)
      .option('--expires <duration>', 'make it expire, e.g. 30d, 12h')
      .option('--workspace <workspace>', 'the workspace it is for', DEFAULT_WORKSPACE)
      .description('create a token and print it once (only its hash is kept)'),
  ).action(async (flags: ServerFlags & { user: string; name?: string; scope?: string[]; expires?: string; workspace: string }, command: Command) => {
    const created = await callAuthCommand(callerOptions(command, flags), 'tokens.create', {
      user: flags.user,
      name: flags.name,
      scopes: scopes(flags.scope),
      expires: flags.expires,
      workspace: flags.workspace,
    });
    out(created.token);
    const view = created.view;
    process.stderr.write(
      `token ${view.name} (${view.id}) for ${view.user}: ${view.scopes === null ? 'everything its account may do' : view.scopes.join(', ')}; ${view.expiresAt === null ? 'no expiry' : `expires ${formatTimestamp(view.expiresAt)}`}. It is shown only now: keep it somewhere safe.\n`,
    );
  });

  withServerFlags(
    tokens
      .command('list')
      .option('--user <name>', "only this account's")
      .option('--all', 'also expired and revoked ones')
      .option('--json', 'print them as JSON')
      .description('tokens (never the secrets)'),
  ).action(async (flags: ServerFlags & { user?: string; all?: boolean; json?: boolean }, command: Command) => {
    const list = await callAuthCommand(callerOptions(command, flags), 'tokens.list', { user: flags.user, all: flags.all === true });
    if (flags.json === true) return void out(JSON.stringify(list, null, 2));
    printTable(
      ['ID', 'NAME', 'USER', 'SCOPES', 'STATUS', 'EXPIRES', 'LAST USED', 'PREFIX'],
      list.map((view) => [
        view.id,
        view.name,
        view.user,
        view.scopes === null ? 'all' : view.scopes.join(','),
        view.status,
        view.expiresAt === null ? '-' : formatTimestamp(view.expiresAt),
        view.lastUsedAt === null ? '-' : formatTimestamp(view.lastUsedAt),
        view.prefix,
      ]),
    );
  });

  withServerFlags(
    tokens.command('revoke').argument('<id>', 'the token id (tok_…, from zervigo tokens list)').description('revoke a token: it stops working at once'),
  ).action(async (id: string, flags: ServerFlags, command: Command) => {
    const view = await callAuthCommand(callerOptions(command, flags), 'tokens.revoke', { id });
    out(`revoked ${view.name} (${view.id}) of ${view.user}`);
  });
}
