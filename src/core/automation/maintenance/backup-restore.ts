import fs from 'node:fs';
import zlib from 'node:zlib';
import * as tar from 'tar';
import { toArgv, type BackupConfig } from '../../config/schema';
import { ZervigoError } from '../../../shared/errors';
import type { ProcessRunner } from '../ports';
import type { BackupRecord } from './backup-store';
import { sha256File } from './backup-writer';

/**
 * Puts a backup back: its SHA-256 is checked first (a file changed or damaged since it was
 * written is refused, nothing is touched); an archive is extracted where its paths came from, a
 * dump is fed to the job's `restore` command on its standard input.
 */
export async function restoreBackup(
  backup: BackupRecord,
  config: BackupConfig,
  options: { cwd: string; runProcess: ProcessRunner; timeoutMs: number },
): Promise<string> {
  if (!fs.existsSync(backup.file)) throw new ZervigoError('not_found', `backup ${backup.id} is gone from the disk (${backup.file})`);
  const sha256 = await sha256File(backup.file);
  if (sha256 !== backup.sha256) {
    throw new ZervigoError(
      'conflict',
      `backup ${backup.id} (${backup.file}) fails its checksum: sha256 ${sha256.slice(0, 12)}… where ${backup.sha256.slice(0, 12)}… was written; it changed or is damaged, nothing was restored`,
    );
  }
  if (backup.kind === 'archive') {
    await tar.x({ file: backup.file, cwd: backup.baseDir, strict: true });
    return `restored ${backup.file} into ${backup.baseDir} (checksum verified)`;
  }
  if (config.restore === undefined)
    throw new ZervigoError(
      'invalid_input',
      `the job has no restore: command to read a dump; add one (e.g. restore: [psql, app]) or restore ${backup.file} by hand`,
    );
  const argv = toArgv(config.restore, false);
  if (!argv.ok) throw new ZervigoError('invalid_input', argv.message);
  const input = fs.createReadStream(backup.file);
  const stdin = backup.file.endsWith('.gz') ? input.pipe(zlib.createGunzip()) : input;
  let output = '';
  const result = await options.runProcess(argv.argv, {
    cwd: options.cwd,
    timeoutMs: options.timeoutMs,
    stdin,
    onOutput: (text) => (output = (output + text).slice(-2000)),
  });
  if (!result.ok) throw new ZervigoError('unavailable', `the restore command failed: ${result.message}${output.trim() === '' ? '' : ` — ${output.trim()}`}`);
  return `restored ${backup.file} through ${argv.argv.join(' ')} (checksum verified)`;
}
