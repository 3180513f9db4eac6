import { stepSchema } from '../../config/schema';
import type { KindConfig, StepKind } from './step-kind';

type NotifyConfig = KindConfig<'notify'>;

/** Sends a message to channels; resolves once the notifier has taken it. */
export const notifyStep: StepKind<{ notify: NotifyConfig }> = {
  kind: 'notify',
  schema: stepSchema,
  describe: ({ notify }) => `notify ${notify.channels.join(', ')}`,
  destructive: () => false,
  async run({ notify }, context) {
    const title = notify.title ?? `${context.job}`;
    if (context.dryRun) {
      context.output(`would notify ${notify.channels.join(', ')}: ${title}${notify.message === '' ? '' : ` — ${notify.message}`}\n`);
      return { ok: true, message: 'dry run' };
    }
    try {
      await context.notifier.notify(notify.channels, { title, body: notify.message, labels: { job: context.job } });
      return { ok: true, message: `sent to ${notify.channels.join(', ')}` };
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  },
};
