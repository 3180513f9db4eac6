import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { stopProcess } from './cli';
import { freePort } from './free-port';
import { serviceAccount } from './service-account';
import { waitFor } from './wait-for';

export const POSTGRES_BIN = '/usr/lib/postgresql/15/bin';

const run = promisify(execFile);

export interface RunningPostgres {
  host: '127.0.0.1';
  port: number;
  /** A login role with a password (SCRAM), owning `database`. */
  user: string;
  password: string;
  database: string;
  /** Runs SQL as the superuser over the unix socket (psql -c); resolves with psql's unaligned output. */
  sql(statement: string, database?: string): Promise<string>;
  /** Starts a streaming replica of this server (pg_basebackup -R) on another free port; resolves with its port once it accepts connections. */
  startReplica(): Promise<number>;
  /** The server's output so far (for diagnostics). */
  log(): string;
  stop(): Promise<void>;
}

interface ServerProcess {
  child: ChildProcess;
  output: () => string;
}

type Account = { uid: number; gid: number } | Record<string, never>;

/** Starts postgres over `data` on `port` (and a socket in `socketDir`), ready once pg_isready says so; its output is in the error if not. */
async function startServer(data: string, port: number, socketDir: string, as: Account, started: ChildProcess[]): Promise<ServerProcess> {
  const child = spawn(
    path.join(POSTGRES_BIN, 'postgres'),
    [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      socketDir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=30',
      '-c',
      'shared_buffers=16MB',
    ],
    { ...as, cwd: path.dirname(data), stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '' } },
  );
  started.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitFor(
    async () => {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`postgres exited (${child.exitCode ?? child.signalCode})`);
      return run(path.join(POSTGRES_BIN, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-t', '1']).then(
        () => true,
        () => false,
      );
    },
    { timeoutMs: 30_000, intervalMs: 100, what: `PostgreSQL on 127.0.0.1:${port} to accept connections` },
  ).catch((error: Error) => {
    throw new Error(`${error.message}\npostgres said: ${output.slice(-2000)}`);
  });
  return { child, output: () => output };
}

/**
 * A real PostgreSQL 15 on a free port of 127.0.0.1, over a fresh data folder in the system's temp
 * folder (owned by the postgres user when the tests run as root: initdb and postgres refuse root).
 * Host connections need a password (scram-sha-256); the superuser reaches it over the unix socket
 * in the same folder. Ready once pg_isready says so; `stop()` ends it (and any replica) by pid and
 * removes the folder.
 */
export async function startPostgres({
  user = 'app',
  password = 'S3cret-pg-pass',
  database = 'appdb',
}: { user?: string; password?: string; database?: string } = {}): Promise<RunningPostgres> {
  if (!fs.existsSync(path.join(POSTGRES_BIN, 'postgres')))
    throw new Error(`${POSTGRES_BIN}/postgres is missing: apt-get install -y postgresql (npm test installs it)`);
  const account = serviceAccount(['postgres']);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-pg-'));
  const data = path.join(dir, 'data');
  const socketDir = path.join(dir, 'sock');
  const pwfile = path.join(dir, 'superuser-password');
  fs.mkdirSync(socketDir);
  fs.writeFileSync(pwfile, 'unused-superuser-password\n');
  if (account !== null) for (const entry of [dir, socketDir, pwfile]) fs.chownSync(entry, account.uid, account.gid);
  const as: Account = account === null ? {} : { uid: account.uid, gid: account.gid };
  const env = { PATH: process.env.PATH ?? '' };
  const started: ChildProcess[] = [];
  const cleanUp = async (): Promise<void> => {
    // Replicas first, then the primary; fast shutdown (SIGINT) disconnects clients.
    await Promise.all(started.splice(1).map((child) => stopProcess(child, 'SIGINT')));
    await Promise.all(started.splice(0).map((child) => stopProcess(child, 'SIGINT')));
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await run(
      path.join(POSTGRES_BIN, 'initdb'),
      ['-D', data, '-U', 'postgres', `--pwfile=${pwfile}`, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-locale', '--no-sync'],
      { ...as, cwd: dir, env, timeout: 60_000 },
    ).catch((error: { stderr?: string; message: string }) => {
      throw new Error(`initdb failed: ${error.stderr ?? error.message}`);
    });
    const port = await freePort();
    const primary = await startServer(data, port, socketDir, as, started);
    const sql = async (statement: string, db = 'postgres'): Promise<string> => {
      const { stdout } = await run(
        path.join(POSTGRES_BIN, 'psql'),
        ['-h', socketDir, '-p', String(port), '-U', 'postgres', '-d', db, '-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', statement],
        { env, timeout: 30_000 },
      );
      return stdout.trim();
    };
    await sql(`CREATE ROLE "${user}" LOGIN PASSWORD '${password.replaceAll("'", "''")}'`);
    await sql(`CREATE DATABASE "${database}" OWNER "${user}"`);
    let replicas = 0;
    const startReplica = async (): Promise<number> => {
      const replicaData = path.join(dir, `replica-${++replicas}`);
      // A base backup over the socket (local replication is trusted), written as a standby that streams from the primary.
      await run(
        path.join(POSTGRES_BIN, 'pg_basebackup'),
        ['-h', socketDir, '-p', String(port), '-U', 'postgres', '-D', replicaData, '-R', '-X', 'stream', '--checkpoint=fast', '--no-sync'],
        { ...as, cwd: dir, env, timeout: 60_000 },
      ).catch((error: { stderr?: string; message: string }) => {
        throw new Error(`pg_basebackup failed: ${error.stderr ?? error.message}`);
      });
      const replicaPort = await freePort();
      await startServer(replicaData, replicaPort, socketDir, as, started);
      return replicaPort;
    };
    return { host: '127.0.0.1', port, user, password, database, sql, startReplica, log: primary.output, stop: cleanUp };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
