import type { Command } from 'commander';
import type { CommandInput, CommandName, CommandOutput } from '../shared/contract';
import { dataDirOf } from './options';
import { DEFAULT_URL, resolveToken, serverClient } from './server-client';

/** The flags of a subcommand that talks to the running console. */
export interface ServerFlags {
  url?: string;
  token?: string;
  /** On a server hosting several workspaces, the one to talk to. */
  workspace?: string;
  json?: boolean;
}

/** --url, --token and --workspace, as the subcommands that talk to the running console take them. */
export function withServerOptions(command: Command, what = 'the server'): Command {
  return command
    .option('--url <url>', `${what} (default: $ZERVIGO_URL, else ${DEFAULT_URL})`)
    .option('--token <token>', 'the API token (default: $ZERVIGO_TOKEN, else the one in the data folder)')
    .option('--workspace <name>', "on a server hosting several workspaces, which one (default: $ZERVIGO_WORKSPACE, else the token's own)");
}

/**
 * The client of the running console for those flags: --url, else $ZERVIGO_URL, else the default
 * address; --token, else the data folder's. A flag given after a subcommand whose parent takes
 * the same flag (`zervigo insights apply ID --url U`) is parsed into the parent's options, so
 * the parents' flags count too (the command's own first). Only the parents': a command's own
 * flag of that name may mean something else (`agents add --token` is the agent's token).
 */
export function consoleClient(command: Command, flags: Pick<ServerFlags, 'url' | 'token' | 'workspace'>): ReturnType<typeof serverClient> {
  let { url, token, workspace } = flags;
  for (let parent = command.parent; parent !== null; parent = parent.parent) {
    const inherited = parent.opts<Partial<ServerFlags>>();
    url ??= inherited.url;
    token ??= inherited.token;
    workspace ??= inherited.workspace;
  }
  return serverClient(url ?? process.env.ZERVIGO_URL ?? DEFAULT_URL, resolveToken(dataDirOf(command), token), workspace);
}

/**
 * A contract command run by the running `zervigo serve` (--url, else $ZERVIGO_URL, else the
 * default address), with --token or the data folder's owner token.
 */
export async function callConsole<K extends CommandName>(
  command: Command,
  flags: ServerFlags,
  name: K,
  input: CommandInput<K>,
  options: { timeoutMs?: number } = {},
): Promise<CommandOutput<K>> {
  return consoleClient(command, flags).call<CommandOutput<K>>('POST', `/rpc/${name}`, input, options);
}
