import { stepSchema } from '../../config/schema';
import type { StepKind } from './step-kind';

/** Runs another job to its end; its outcome is this step's. */
export const jobStep: StepKind<{ job: string }> = {
  kind: 'job',
  schema: stepSchema,
  describe: ({ job }) => `job ${job}`,
  destructive: () => false,
  async run({ job }, context) {
    const result = await context.runJob(job);
    context.output(`${job}: ${result.message}\n`);
    return result;
  },
};
