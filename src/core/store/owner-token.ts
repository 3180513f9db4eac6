import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ZervigoError } from '../../shared/errors';

/** The file the owner's token has lived in since before there were people; `zervigo token` prints it. */
export const TOKEN_FILE_NAME = 'api-token';

export function ownerTokenFile(dataDir: string): string {
  return path.join(dataDir, TOKEN_FILE_NAME);
}

/** The token in the data folder, or null when there is none (or it is not one). */
export function readOwnerToken(dataDir: string): string | null {
  const file = ownerTokenFile(dataDir);
  try {
    const token = fs.readFileSync(file, 'utf8').trim();
    if (!/^[A-Za-z0-9_-]{32,}$/.test(token)) return null;
    if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
    return token;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ZervigoError('unavailable', `cannot read the API token ${file}: ${(error as Error).message}`);
  }
}

/**
 * The owner's API token: generated at first run, kept in the data folder readable only by its
 * owner (a looser file is tightened: whoever reads it is an admin of every workspace here).
 * The engine knows it only by its hash, as the owner's admin token.
 */
export function loadOrCreateToken(dataDir: string): string {
  const existing = readOwnerToken(dataDir);
  if (existing !== null) return existing;
  const file = ownerTokenFile(dataDir);
  const token = crypto.randomBytes(32).toString('base64url');
  try {
    fs.writeFileSync(file, `${token}\n`, { mode: 0o600 });
    fs.chmodSync(file, 0o600);
  } catch (error) {
    throw new ZervigoError('unavailable', `cannot write the API token ${file}: ${(error as Error).message}`);
  }
  return token;
}
