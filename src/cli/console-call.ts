import type { Command } from 'commander';
import type { CommandInput, CommandName, CommandOutput } from '../shared/contract';
import { dataDirOf } from './options';
import { DEFAULT_URL, resolveToken, serverClient } from './server-client';

/** The flags of a subcommand that talks to the running console. */
export interface ServerFlags {
  url?: string;
  token?: string;
  json?: boolean;
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
  const client = serverClient(flags.url ?? process.env.ZERVIGO_URL ?? DEFAULT_URL, resolveToken(dataDirOf(command), flags.token));
  return client.call<CommandOutput<K>>('POST', `/rpc/${name}`, input, options);
}
