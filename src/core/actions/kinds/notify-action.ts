import { z } from 'zod';
import { name } from '../../config/schema';
import type { ActionKind } from '../action-kind';

const channels = z.union([name, z.array(name).min(1)]);

/** `notify: ops` or `[ops, pager]`: a message about the firing rule to these channels. */
export const notifyAction: ActionKind<z.output<typeof channels>, 'notifier'> = {
  kind: 'notify',
  summary: 'Send a notification to these channels.',
  schema: channels,
  describe: (names) => (Array.isArray(names) ? names.join(', ') : names),
  run: async (names, context) => {
    const { audit, actor, details } = context;
    const list = Array.isArray(names) ? names : [names];
    const target = list.join(', ');
    if (context.settings.dryRun) {
      audit.record({ actor, action: 'notify', target, outcome: 'dry_run', message: `would notify ${target}`, details });
      return;
    }
    const id = audit.begin({ actor, action: 'notify', target, details });
    const labels = Object.entries(context.labels)
      .map(([key, value]) => `${key}=${value}`)
      .join(', ');
    try {
      await context.notifier.notify(list, {
        title: `${context.rule} is firing`,
        body: `${context.rule} (value ${context.value})${labels ? ` — ${labels}` : ''}`,
        labels: context.labels,
      });
      audit.finish(id, 'ok', `sent to ${target}`);
    } catch (error) {
      audit.finish(id, 'failed', (error as Error).message);
    }
  },
};
