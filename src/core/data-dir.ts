import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ZervigoError } from '../shared/errors';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from './private-files';

export interface DataDirOptions {
  flag?: string | undefined;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}

/** --data-dir, then ZERVIGO_DATA_DIR, then the platform's place for application data. */
export function resolveDataDir(options: DataDirOptions = {}): string {
  const env = options.env ?? process.env;
  if (options.flag !== undefined && options.flag !== '') return path.resolve(options.flag);
  if (env.ZERVIGO_DATA_DIR !== undefined && env.ZERVIGO_DATA_DIR !== '') return path.resolve(env.ZERVIGO_DATA_DIR);
  const home = options.home ?? os.homedir();
  switch (options.platform ?? process.platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Zervigo');
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Zervigo');
    default: {
      const xdg = env.XDG_DATA_HOME;
      return path.join(xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(home, '.local', 'share'), 'zervigo');
    }
  }
}

/** The database in the data folder; its presence marks a folder as Zervigo's. */
export const DATABASE_FILE_NAME = 'zervigo.db';

/** Creates the folder (0700: it holds the API token) and proves it is writable, or says how to fix it. */
export function ensureDataDir(dir: string): string {
  try {
    ensurePrivateDir(dir, DATABASE_FILE_NAME);
    const probe = path.join(dir, `.write-test-${process.pid}`);
    fs.writeFileSync(probe, '', { mode: PRIVATE_FILE_MODE });
    fs.rmSync(probe);
  } catch (error) {
    throw new ZervigoError(
      'unavailable',
      `cannot use data folder ${dir}: ${whyNotWritable(error as NodeJS.ErrnoException)}; choose a writable one with --data-dir DIR or ZERVIGO_DATA_DIR`,
    );
  }
  return dir;
}

function whyNotWritable(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'EACCES':
    case 'EPERM':
      return 'Zervigo may not write there (permission denied)';
    case 'EROFS':
      return 'it is on a read-only file system';
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a part of that path is a file, not a folder';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'the disk is full';
    default:
      return error.code ?? error.message;
  }
}
