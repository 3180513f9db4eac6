import type { Command } from 'commander';
import { ROLES, isRole } from '../../shared/auth/permissions';
import { DEFAULT_WORKSPACE } from '../../shared/auth/principal';
import { ZervigoError } from '../../shared/errors';
import type { UserView } from '../../shared/types/auth';
import { callAuthCommand, type CallerOptions } from '../contract-caller';
import { dataDirOf } from '../options';
import { formatTimestamp, printTable } from '../output';
import { readSecret } from '../read-secret';
import { DEFAULT_URL } from '../server-client';

interface ServerFlags {
  url?: string;
  token?: string;
}

const out = (line: string): boolean => process.stdout.write(`${line}\n`);

export function callerOptions(command: Command, flags: ServerFlags): CallerOptions {
  return { dataDir: dataDirOf(command), url: flags.url, token: flags.token };
}

/** --url and --token, as `batch` has them: these commands run through the server's contract. */
export function withServerFlags(command: Command): Command {
  return command
    .option('--url <url>', `the server (default: $ZERVIGO_URL, else ${DEFAULT_URL}; with none running, the data folder is changed directly)`)
    .option('--token <token>', "an admin's API token (default: $ZERVIGO_TOKEN, else the owner's in the data folder)");
}

function role(value: string): (typeof ROLES)[number] {
  if (!isRole(value)) throw new ZervigoError('invalid_input', `--role ${value}: a role is one of ${ROLES.join(', ')}`);
  return value;
}

function describe(user: UserView): string[] {
  const now = Date.now();
  const roles = user.memberships.map((entry) => (entry.workspace === DEFAULT_WORKSPACE ? entry.role : `${entry.role}@${entry.workspace}`)).join(', ');
  const state =
    user.lockedUntil !== null && user.lockedUntil > now
      ? `locked until ${formatTimestamp(user.lockedUntil)}`
      : user.recentFailures > 0
        ? `${user.recentFailures} failed sign-in(s)`
        : 'ok';
  return [
    user.name,
    user.kind === 'service_account' ? 'service account' : user.owner ? 'person (owner)' : 'person',
    roles,
    user.hasPassword ? 'yes' : 'no',
    String(user.activeTokens),
    String(user.activeSessions),
    user.lastSignInAt === null ? '-' : formatTimestamp(user.lastSignInAt),
    state,
  ];
}

export function registerUsersCommands(program: Command): void {
  const users = program
    .command('users')
    .description("people and service accounts: add, list, remove, passwd, role, unlock (through the running server's contract)");

  withServerFlags(
    users
      .command('add')
      .argument('<name>', 'the account name (letters, digits, ".", "_", "@", "-")')
      .requiredOption('--role <role>', `the role: ${ROLES.join(' | ')}`)
      .option('--workspace <workspace>', 'the workspace the role is in', DEFAULT_WORKSPACE)
      .option('--service-account', 'an account for automation: signs in with tokens only, has no password')
      .description('add a person (the password is read from standard input, without echo at a terminal) or a service account'),
  ).action(async (name: string, flags: ServerFlags & { role: string; workspace: string; serviceAccount?: boolean }, command: Command) => {
    const serviceAccount = flags.serviceAccount === true;
    const password = serviceAccount ? undefined : await readSecret(`password for ${name}: `, { confirm: true });
    const user = await callAuthCommand(callerOptions(command, flags), 'users.add', {
      name,
      role: role(flags.role),
      workspace: flags.workspace,
      password,
      serviceAccount,
    });
    out(`added ${user.kind === 'service_account' ? 'service account' : 'person'} ${user.name} as ${flags.role} of ${flags.workspace}`);
    if (serviceAccount) out(`create its token with: zervigo tokens create --user ${user.name}`);
  });

  withServerFlags(
    users.command('list').option('--json', 'print the accounts as JSON').description('accounts with their roles, tokens, sessions and lock state'),
  ).action(async (flags: ServerFlags & { json?: boolean }, command: Command) => {
    const list = await callAuthCommand(callerOptions(command, flags), 'users.list', {});
    if (flags.json === true) return void out(JSON.stringify(list, null, 2));
    printTable(['NAME', 'KIND', 'ROLE', 'PASSWORD', 'TOKENS', 'SESSIONS', 'LAST SIGN-IN', 'STATE'], list.map(describe));
  });

  withServerFlags(users.command('remove').argument('<name>').description('remove an account: its tokens and sessions stop working at once')).action(
    async (name: string, flags: ServerFlags, command: Command) => {
      const removed = await callAuthCommand(callerOptions(command, flags), 'users.remove', { name });
      out(`removed ${removed.name}: ${removed.tokensRevoked} token(s) revoked, ${removed.sessionsEnded} session(s) ended`);
    },
  );

  withServerFlags(users.command('passwd').argument('<name>').description("set a person's password (read from standard input); ends their sessions")).action(
    async (name: string, flags: ServerFlags, command: Command) => {
      const password = await readSecret(`new password for ${name}: `, { confirm: true });
      await callAuthCommand(callerOptions(command, flags), 'users.setPassword', { name, password });
      out(`password of ${name} set; their sessions ended`);
    },
  );

  withServerFlags(
    users
      .command('role')
      .argument('<name>')
      .requiredOption('--role <role>', `the role: ${ROLES.join(' | ')}`)
      .option('--workspace <workspace>', 'the workspace', DEFAULT_WORKSPACE)
      .description("change an account's role"),
  ).action(async (name: string, flags: ServerFlags & { role: string; workspace: string }, command: Command) => {
    await callAuthCommand(callerOptions(command, flags), 'users.setRole', { name, role: role(flags.role), workspace: flags.workspace });
    out(`${name} is now ${flags.role} of ${flags.workspace}`);
  });

  withServerFlags(users.command('unlock').argument('<name>').description('unlock an account locked after repeated failed sign-ins')).action(
    async (name: string, flags: ServerFlags, command: Command) => {
      await callAuthCommand(callerOptions(command, flags), 'users.unlock', { name });
      out(`${name} is unlocked`);
    },
  );
}
