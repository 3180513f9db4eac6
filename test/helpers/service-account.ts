import { execFileSync } from 'node:child_process';

export interface ServiceAccount {
  uid: number;
  gid: number;
  name: string;
}

/**
 * The account a database server runs as in a test. Database servers refuse to run as root
 * (initdb, postgres) or want their own user, so under root the first of `names` that exists
 * (postgres, mysql, nobody) is used; anyone else runs the server as themselves.
 */
export function serviceAccount(names: string[]): ServiceAccount | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  for (const name of [...names, 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
      return { uid, gid, name };
    } catch {
      // no such user: try the next
    }
  }
  throw new Error(`none of the users ${[...names, 'nobody'].join(', ')} exists to run a database server as (it refuses root)`);
}
