import path from 'node:path';
import { AuditLog } from '../core/store/audit-log';
import { authHandlers } from '../core/auth/auth-commands';
import { AuthModule } from '../core/auth/auth-module';
import { systemClock } from '../core/clock';
import { DATABASE_FILE_NAME } from '../core/data-dir';
import { createDispatcher } from '../core/dispatch';
import { InstanceLock } from '../core/instance-lock';
import { didYouMean } from '../core/config/did-you-mean';
import { openDatabase } from '../core/store/database';
import { loadOrCreateToken } from '../core/store/owner-token';
import { ZERVIGO_VERSION } from '../core/version';
import { servedWorkspaceNames } from '../core/workspace-data-dirs';
import { DEFAULT_WORKSPACE, localOwner } from '../shared/auth/principal';
import { authCommands } from '../shared/contract/auth';
import { contextFor } from '../shared/contract/define';
import type { CommandInput, CommandName, CommandOutput } from '../shared/contract';
import { ZervigoError } from '../shared/errors';
import { DEFAULT_URL, resolveToken, serverClient } from './server-client';

export type AuthCommandName = Extract<keyof typeof authCommands, string>;

export interface CallerOptions {
  dataDir: string;
  url?: string;
  token?: string;
}

/**
 * How `zervigo users` and `zervigo tokens` run a contract command. Through the running server when
 * one answers (with the data folder's token, or --token: the server checks its permissions like
 * any caller's); with no server, the same command through the same dispatcher on the data folder
 * itself, as its owner — holding the folder's lock, so no server starts meanwhile. Either way the
 * contract validates, authorises and audits it.
 */
export async function callAuthCommand<K extends AuthCommandName>(options: CallerOptions, name: K, input: CommandInput<K>): Promise<CommandOutput<K>> {
  return callServerOrLocally(options, name, input, () => callLocally(options.dataDir, name, input));
}

/** Through the running server when one answers; else `local()` on the data folder itself. */
export async function callServerOrLocally<K extends CommandName>(
  options: CallerOptions,
  name: K,
  input: CommandInput<K>,
  local: () => Promise<CommandOutput<K>>,
): Promise<CommandOutput<K>> {
  const explicitUrl = options.url ?? process.env.ZERVIGO_URL;
  try {
    const client = serverClient(explicitUrl ?? DEFAULT_URL, resolveToken(options.dataDir, options.token));
    return await client.call<CommandOutput<K>>('POST', `/rpc/${name}`, input, { timeoutMs: 10_000 });
  } catch (error) {
    const noServer =
      error instanceof ZervigoError && (error.code === 'unavailable' || (error.code === 'unauthorized' && /no API token in/.test(error.message)));
    if (!noServer || explicitUrl !== undefined) throw error;
  }
  return local();
}

/** Holds the data folder's lock while `work` runs, so no server starts meanwhile. */
export async function withDataFolder<T>(dataDir: string, work: () => Promise<T>): Promise<T> {
  const lock = InstanceLock.acquire(dataDir, { pid: process.pid, shell: 'cli', startedAt: systemClock.now(), version: ZERVIGO_VERSION });
  try {
    return await work();
  } finally {
    lock.release();
  }
}

async function callLocally<K extends AuthCommandName>(dataDir: string, name: K, input: CommandInput<K>): Promise<CommandOutput<K>> {
  return withDataFolder(dataDir, async () => {
    const db = openDatabase(path.join(dataDir, DATABASE_FILE_NAME));
    try {
      const auth = new AuthModule(db, systemClock, new AuditLog(db, () => systemClock.now()));
      // This runs as the folder's owner, so the owner (and the token file `serve` reads) comes first,
      // as `serve` would make them: a later `serve` keeps its rule that a folder with people but no
      // owner has had its owner removed, and its token then opens nothing.
      auth.registerOwnerToken(loadOrCreateToken(dataDir));
      const known = [DEFAULT_WORKSPACE, ...servedWorkspaceNames(dataDir).filter((name) => name !== DEFAULT_WORKSPACE)];
      const dispatch = createDispatcher(
        authCommands,
        authHandlers(
          auth,
          () => known.map((name) => ({ name, quotas: null })),
          // No server to ask which workspaces it hosts: a role in another is prepared for a later
          // `serve --workspace`, and said so, so that a typo shows.
          { unhostedWorkspace: (workspace, names) => process.stderr.write(`${unhostedNote(workspace, names)}\n`) },
        ),
      );
      return (await dispatch(name, input, contextFor(localOwner('cli'), 'cli'))) as CommandOutput<K>;
    } finally {
      db.close();
    }
  });
}

function unhostedNote(workspace: string, known: readonly string[]): string {
  const hint = didYouMean(workspace, known);
  return `zervigo: note: no server on this data folder has hosted a workspace ${workspace} yet (known: ${known.join(', ')}${hint === null ? '' : `; did you mean ${hint}?`}); the role takes effect once \`zervigo serve --workspace ${workspace}=FILE\` hosts it`;
}
