import type { Command } from 'commander';
import { ensureDataDir, resolveDataDir } from '../core/data-dir';

export interface GlobalOptions {
  dataDir?: string;
}

/** The data folder from --data-dir, ZERVIGO_DATA_DIR or the platform default, created if needed. */
export function dataDirOf(command: Command): string {
  const options = command.optsWithGlobals<GlobalOptions>();
  return ensureDataDir(resolveDataDir({ flag: options.dataDir }));
}
