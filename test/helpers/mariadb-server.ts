import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { stopProcess } from './cli';
import { freePort } from './free-port';
import { serviceAccount } from './service-account';
import { waitFor } from './wait-for';

export const MARIADBD = '/usr/sbin/mariadbd';
const INSTALL_DB = '/usr/bin/mariadb-install-db';
const CLIENT = '/usr/bin/mariadb';

const run = promisify(execFile);

export interface RunningMariaDb {
  host: '127.0.0.1';
  port: number;
  /** A user with a password that may connect from anywhere, with every privilege on `database`. */
  user: string;
  password: string;
  database: string;
  /** Runs SQL as root over the unix socket (the mariadb client, batch mode); resolves with its tab-separated output. */
  sql(statement: string): Promise<string>;
  /** Starts a replica of this server (a second mariadbd replicating from it with GTIDs) on another free port; resolves with its port once it has caught up. */
  startReplica(): Promise<number>;
  /** The server's output so far (for diagnostics). */
  log(): string;
  stop(): Promise<void>;
}

type Account = { uid: number; gid: number } | Record<string, never>;

interface ServerProcess {
  port: number;
  output: () => string;
  /** Runs SQL as root over this server's unix socket (the mariadb client, batch mode); resolves with its tab-separated output. */
  sql: (statement: string) => Promise<string>;
}

/**
 * Makes a data folder under `dir` (mariadb-install-db) and starts mariadbd over it on a free port,
 * with binary logging and `serverId` so it can be a replication source or replica; ready once root
 * can run a query over its socket, else the error quotes what it said.
 */
async function startServer(
  dir: string,
  name: string,
  serverId: number,
  as: Account,
  started: ChildProcess[],
  extraArgs: string[] = [],
): Promise<ServerProcess> {
  const data = path.join(dir, `${name}-data`);
  const socket = path.join(dir, `${name}.sock`);
  const env = { PATH: process.env.PATH ?? '', HOME: dir };
  await run(INSTALL_DB, ['--no-defaults', `--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db', '--skip-name-resolve'], {
    ...as,
    cwd: dir,
    env,
    timeout: 60_000,
  }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
    throw new Error(`mariadb-install-db failed: ${error.stderr ?? ''}${error.stdout ?? error.message}`);
  });
  const port = await freePort();
  const child = spawn(
    MARIADBD,
    [
      '--no-defaults',
      `--datadir=${data}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--socket=${socket}`,
      `--pid-file=${path.join(dir, `${name}.pid`)}`,
      `--server-id=${serverId}`,
      `--log-bin=${path.join(data, 'binlog')}`,
      '--skip-name-resolve',
      '--innodb-buffer-pool-size=16M',
      '--innodb-log-file-size=8M',
      '--innodb-flush-log-at-trx-commit=0',
      '--max-connections=30',
      ...extraArgs,
    ],
    { ...as, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env },
  );
  started.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const sql = async (statement: string): Promise<string> => {
    const { stdout } = await run(CLIENT, ['--no-defaults', `--socket=${socket}`, '-u', 'root', '--batch', '--skip-column-names', '-e', statement], {
      env,
      timeout: 30_000,
    });
    return stdout.trim();
  };
  await waitFor(
    async () => {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`mariadbd exited (${child.exitCode ?? child.signalCode})`);
      return (await sql('SELECT 1')) === '1';
    },
    { timeoutMs: 30_000, intervalMs: 100, what: `MariaDB on 127.0.0.1:${port} to answer` },
  ).catch((error: Error) => {
    throw new Error(`${error.message}\nmariadbd said: ${output.slice(-2000)}`);
  });
  return { port, output: () => output, sql };
}

/**
 * A real MariaDB (Debian's mariadbd) on a free port of 127.0.0.1, over a data folder made by
 * mariadb-install-db in the system's temp folder (owned by the mysql user when the tests run as
 * root). Root reaches it over the unix socket in the same folder; a test user with a password over
 * TCP. Ready once root can run a query; `stop()` ends it (and any replica) by pid and removes the
 * folder.
 */
export async function startMariaDb({
  user = 'app',
  password = 'S3cret-my-pass',
  database = 'appdb',
  serverArgs = [],
}: {
  user?: string;
  password?: string;
  database?: string;
  /** More mariadbd options for the source (e.g. --ssl-cert=...). */ serverArgs?: string[];
} = {}): Promise<RunningMariaDb> {
  if (!fs.existsSync(MARIADBD)) throw new Error(`${MARIADBD} is missing: apt-get install -y mariadb-server (npm test installs it)`);
  const account = serviceAccount(['mysql']);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-mariadb-'));
  if (account !== null) fs.chownSync(dir, account.uid, account.gid);
  const as: Account = account === null ? {} : { uid: account.uid, gid: account.gid };
  const started: ChildProcess[] = [];
  const cleanUp = async (): Promise<void> => {
    // Replicas first, then the source.
    await Promise.all(started.splice(1).map((child) => stopProcess(child, 'SIGTERM')));
    await Promise.all(started.splice(0).map((child) => stopProcess(child, 'SIGTERM')));
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const source = await startServer(dir, 'source', 1, as, started, serverArgs);
    const quoted = password.replaceAll("'", "''");
    const replicationPassword = 'R3plication-pass';
    await source.sql(
      `CREATE DATABASE \`${database}\`; CREATE USER '${user}'@'%' IDENTIFIED BY '${quoted}'; GRANT ALL ON \`${database}\`.* TO '${user}'@'%'; ` +
        `CREATE USER 'replication'@'%' IDENTIFIED BY '${replicationPassword}'; GRANT REPLICATION SLAVE ON *.* TO 'replication'@'%'`,
    );
    let replicas = 0;
    const startReplica = async (): Promise<number> => {
      const replica = await startServer(dir, `replica-${++replicas}`, 1 + replicas, as, started);
      // From the start of the source's binary log: the replica gets every database and user made since.
      await replica.sql(
        `CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${source.port}, MASTER_USER='replication', MASTER_PASSWORD='${replicationPassword}', MASTER_USE_GTID=slave_pos; START SLAVE`,
      );
      await waitFor(async () => (await source.sql('SELECT @@gtid_binlog_pos')) === (await replica.sql('SELECT @@gtid_slave_pos')), {
        what: 'the replica to catch up with its source',
        timeoutMs: 30_000,
        intervalMs: 100,
      });
      return replica.port;
    };
    return { host: '127.0.0.1', port: source.port, user, password, database, sql: source.sql, startReplica, log: source.output, stop: cleanUp };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
