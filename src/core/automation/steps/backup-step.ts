import { stepSchema } from '../../config/schema';
import { archiveBase, writeBackup } from '../maintenance/backup-writer';
import type { KindConfig, StepKind } from './step-kind';

type BackupConfig = KindConfig<'backup'>;

/** A backup: archive or dump, verified, checksummed, rotated (backup-writer.ts). */
export const backupStep: StepKind<{ backup: BackupConfig }> = {
  kind: 'backup',
  schema: stepSchema,
  describe: ({ backup }) => (backup.paths !== undefined ? `backup ${backup.paths.join(', ')} → ${backup.to}` : `backup dump → ${backup.to}`),
  destructive: () => false,
  async run({ backup }, context) {
    if (context.dryRun) {
      const what =
        backup.paths !== undefined
          ? `archive ${archiveBase(backup.paths, context.cwd).entries.join(', ')} (tar.gz)`
          : `save the output of ${Array.isArray(backup.command) ? backup.command.join(' ') : backup.command}`;
      const kept = context.backups.list(context.job);
      const drop = Math.max(0, kept.length + 1 - backup.keep);
      context.output(
        `would ${what} into ${backup.to}, verify it, and keep ${backup.keep}${
          drop > 0
            ? `, removing ${kept
                .slice(-drop)
                .map((old) => old.file)
                .join(', ')}`
            : ''
        }\n`,
      );
      return { ok: true, message: 'dry run' };
    }
    const result = await writeBackup(
      backup,
      {
        job: context.job,
        cwd: context.cwd,
        now: context.now(),
        signal: context.signal,
        timeoutMs: context.timeoutMs,
        runProcess: context.runProcess,
        output: context.output,
      },
      context.backups,
    );
    context.output(`${result.message}\n`);
    return { ok: result.ok, message: result.message };
  },
};
