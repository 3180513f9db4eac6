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
  /** The server's output so far (for diagnostics). */
  log(): string;
  stop(): Promise<void>;
}

/**
 * A real MariaDB (Debian's mariadbd) on a free port of 127.0.0.1, over a data folder made by
 * mariadb-install-db in the system's temp folder (owned by the mysql user when the tests run as
 * root). Root reaches it over the unix socket in the same folder; a test user with a password over
 * TCP. Ready once root can run a query; `stop()` ends it by pid and removes the folder.
 */
export async function startMariaDb({
  user = 'app',
  password = 'S3cret-my-pass',
  database = 'appdb',
}: { user?: string; password?: string; database?: string } = {}): Promise<RunningMariaDb> {
  if (!fs.existsSync(MARIADBD)) throw new Error(`${MARIADBD} is missing: apt-get install -y mariadb-server (npm test installs it)`);
  const account = serviceAccount(['mysql']);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-mariadb-'));
  const data = path.join(dir, 'data');
  const socket = path.join(dir, 'mysqld.sock');
  if (account !== null) fs.chownSync(dir, account.uid, account.gid);
  const as = account === null ? {} : { uid: account.uid, gid: account.gid };
  const env = { PATH: process.env.PATH ?? '', HOME: dir };
  let child: ChildProcess | null = null;
  let output = '';
  const cleanUp = async (): Promise<void> => {
    if (child !== null) await stopProcess(child, 'SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await run(INSTALL_DB, ['--no-defaults', `--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db', '--skip-name-resolve'], {
      ...as,
      cwd: dir,
      env,
      timeout: 60_000,
    }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`mariadb-install-db failed: ${error.stderr ?? ''}${error.stdout ?? error.message}`);
    });
    const port = await freePort();
    child = spawn(
      MARIADBD,
      [
        '--no-defaults',
        `--datadir=${data}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        `--socket=${socket}`,
        `--pid-file=${path.join(dir, 'mariadbd.pid')}`,
        '--skip-name-resolve',
        '--skip-log-bin',
        '--innodb-buffer-pool-size=16M',
        '--innodb-log-file-size=8M',
        '--innodb-flush-log-at-trx-commit=0',
        '--max-connections=30',
      ],
      { ...as, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env },
    );
    const server = child;
    server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const sql = async (statement: string): Promise<string> => {
      const { stdout } = await run(CLIENT, ['--no-defaults', `--socket=${socket}`, '-u', 'root', '--batch', '--skip-column-names', '-e', statement], {
        env,
        timeout: 30_000,
      });
      return stdout.trim();
    };
    await waitFor(
      async () => {
        if (server.exitCode !== null || server.signalCode !== null) throw new Error(`mariadbd exited (${server.exitCode ?? server.signalCode})`);
        return (await sql('SELECT 1')) === '1';
      },
      { timeoutMs: 30_000, intervalMs: 100, what: `MariaDB on 127.0.0.1:${port} to answer` },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\nmariadbd said: ${output.slice(-2000)}`);
    });
    const quoted = password.replaceAll("'", "''");
    await sql(`CREATE DATABASE \`${database}\`; CREATE USER '${user}'@'%' IDENTIFIED BY '${quoted}'; GRANT ALL ON \`${database}\`.* TO '${user}'@'%'`);
    return { host: '127.0.0.1', port, user, password, database, sql, log: () => output, stop: cleanUp };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
