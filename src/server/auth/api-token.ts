import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ZervigoError } from '../../shared/errors';

export const TOKEN_FILE_NAME = 'api-token';

/**
 * The API token: generated at first run, kept in the data folder readable only by its owner.
 * A token file with looser permissions is tightened, since anyone who can read it controls
 * every service in the workspace.
 */
export function loadOrCreateToken(dataDir: string): string {
  const file = path.join(dataDir, TOKEN_FILE_NAME);
  try {
    const token = fs.readFileSync(file, 'utf8').trim();
    if (/^[A-Za-z0-9_-]{32,}$/.test(token)) {
      if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
      return token;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new ZervigoError('unavailable', `cannot read the API token ${file}: ${(error as Error).message}`);
    }
  }
  const token = crypto.randomBytes(32).toString('base64url');
  try {
    fs.writeFileSync(file, `${token}\n`, { mode: 0o600 });
    fs.chmodSync(file, 0o600);
  } catch (error) {
    throw new ZervigoError('unavailable', `cannot write the API token ${file}: ${(error as Error).message}`);
  }
  return token;
}

/** Compares in constant time so the token cannot be guessed byte by byte from timings. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}
