import type { Database } from './database';

export interface HousekeepingOptions {
  vacuum: boolean;
  /** Deploy records kept per service. */
  deploys: number;
  dryRun: boolean;
}

/**
 * Zervigo's own upkeep (a job's housekeeping step): old deploy records pruned (by the deploy
 * part's store, handed in), the database checkpointed and optimised, and vacuumed if asked.
 * Returns what it did, or would do on a dry run, in words.
 */
export function housekeeping(db: Database, pruneDeploys: (keep: number) => number, options: HousekeepingOptions): string {
  if (options.dryRun)
    return `would keep the newest ${options.deploys} deploys per service, checkpoint the WAL and optimise the database${options.vacuum ? ', and vacuum it' : ''}`;
  const pruned = pruneDeploys(options.deploys);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('optimize');
  if (options.vacuum) db.exec('VACUUM');
  return `removed ${pruned} old deploy record${pruned === 1 ? '' : 's'}; WAL checkpointed, database optimised${options.vacuum ? ' and vacuumed' : ''}`;
}
