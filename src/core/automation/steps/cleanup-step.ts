import { formatBytes } from '../../../shared/byte-size';
import { stepSchema } from '../../config/schema';
import { planCleanup, type CleanupPlan } from '../maintenance/cleanup-plan';
import { runCleanup } from '../maintenance/cleanup-run';
import type { KindConfig, StepKind } from './step-kind';

type CleanupConfig = KindConfig<'cleanup'>;

/** The files listed in a step's output; the rest are counted (the digest covers all of them). */
const LISTED = 200;

function describePlan(plan: CleanupPlan, action: string): string {
  const lines = [
    `${plan.items.length} of ${plan.matched} matching files to ${action} (${formatBytes(plan.items.reduce((sum, item) => sum + item.allocated, 0))} on disk); plan sha256 ${plan.digest}`,
  ];
  for (const fs of plan.filesystems)
    lines.push(`free on ${fs.on}: ${formatBytes(fs.freeBytes)} now, target ${formatBytes(fs.targetFreeBytes)}, ${formatBytes(fs.expectedFreeBytes)} after`);
  if (!plan.reachesTarget) lines.push('the target is out of reach even with every eligible file gone');
  for (const item of plan.items.slice(0, LISTED)) lines.push(item.path);
  if (plan.items.length > LISTED) lines.push(`… and ${plan.items.length - LISTED} more`);
  return `${lines.join('\n')}\n`;
}

/**
 * Log cleanup: the plan (cleanup-plan.ts) is what a dry run lists and exactly what a real run
 * acts on; both print the plan's digest, so the two can be compared.
 */
export const cleanupStep: StepKind<{ cleanup: CleanupConfig }> = {
  kind: 'cleanup',
  schema: stepSchema,
  describe: ({ cleanup }) => `cleanup (${cleanup.action}) ${cleanup.paths.join(', ')}`,
  destructive: () => true,
  async run({ cleanup }, context) {
    const plan = planCleanup(cleanup, context.cwd, context.now());
    const verb = cleanup.action === 'gzip' ? 'compress' : 'delete';
    context.output(describePlan(plan, verb));
    if (context.dryRun) return { ok: true, message: `would ${verb} ${plan.items.length} files` };
    const outcome = await runCleanup(plan.items, cleanup.action, context.signal);
    for (const failure of outcome.failed.slice(0, 50)) context.output(`failed: ${failure.path}: ${failure.message}\n`);
    const message = `${cleanup.action === 'gzip' ? 'compressed' : 'deleted'} ${outcome.done.length} files (${formatBytes(outcome.freedBytes)})${outcome.missing.length > 0 ? `, ${outcome.missing.length} already gone` : ''}${outcome.failed.length > 0 ? `, ${outcome.failed.length} failed` : ''}`;
    if (context.signal.aborted) return { ok: false, message: `stopped: ${message}` };
    return { ok: outcome.failed.length === 0, message: plan.reachesTarget ? message : `${message}; the free-space target is still not reached` };
  },
};
