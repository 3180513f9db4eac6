import fs from 'node:fs';

/**
 * The data folder holds the API token, the database (workspace history, alerts, every stored
 * log line) and service output: readable by its owner only. Modes are set when a file is
 * created, and tightened when an existing one is looser (an older version, a copy, a umask).
 */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/**
 * Creates an empty file with mode 0600 unless it exists. Never opens an existing file: closing
 * any descriptor of a file drops every POSIX lock this process holds on it (SQLite's included).
 */
export function createPrivateFile(file: string): void {
  try {
    fs.closeSync(fs.openSync(file, 'wx', PRIVATE_FILE_MODE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  tightenMode(file, PRIVATE_FILE_MODE);
}

/** Removes group and other access from a file or folder that exists; quietly skips one that does not. */
export function tightenMode(target: string, mode: number): void {
  let current: number;
  try {
    current = fs.statSync(target).mode & 0o777;
  } catch {
    return;
  }
  if ((current & 0o077) === 0) return;
  try {
    fs.chmodSync(target, current & mode);
  } catch {
    // Not ours to change (another owner): reading and writing will say what is wrong.
  }
}

/**
 * mkdir -p with 0700 for what it creates. An existing folder is tightened only when it is empty
 * or already Zervigo's (`ownMarker` inside): pointing --data-dir at a folder with other content
 * must not change who may read that content.
 */
export function ensurePrivateDir(dir: string, ownMarker: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const entries = fs.readdirSync(dir);
  if (entries.length === 0 || entries.includes(ownMarker)) tightenMode(dir, PRIVATE_DIR_MODE);
}
