import { stepSchema } from '../../config/schema';
import type { KindConfig, StepKind } from './step-kind';

/** Zervigo's own upkeep: old runs and deploys pruned, the database checkpointed and optimised. */
export const housekeepingStep: StepKind<{ housekeeping: KindConfig<'housekeeping'> }> = {
  kind: 'housekeeping',
  schema: stepSchema,
  describe: ({ housekeeping }) => `housekeeping${housekeeping.vacuum ? ' with vacuum' : ''}`,
  destructive: () => false,
  async run({ housekeeping }, context) {
    const message = await context.housekeeping({ vacuum: housekeeping.vacuum, deploys: housekeeping.deploys, dryRun: context.dryRun });
    context.output(`${message}\n`);
    return { ok: true, message: context.dryRun ? 'dry run' : message };
  },
};
