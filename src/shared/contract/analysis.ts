import { z } from 'zod';
import type { AdviceApplyResult, InsightsView } from '../types/insights';
import { command, event, returns } from './define';

/** One service's insights, or one kind's; a GET passes them as query parameters. */
const InsightsFilter = z
  .strictObject({
    service: z.string().min(1).max(200).optional(),
    kind: z.enum(['anomaly', 'incident', 'forecast', 'notice', 'advice', 'finding']).optional(),
  })
  .optional()
  .default({});

const AdviceId = z.string().min(1).max(600);

export const insightCommands = {
  'insights.list': command({
    permission: 'view',
    input: InsightsFilter,
    output: returns<InsightsView>(),
    rest: 'GET /insights',
    summary: 'Current and recent anomalies, incidents (anomalies of related services grouped), forecasts, advice with its evidence, and analysis notices',
  }),
  'insights.dismissAdvice': command({
    permission: 'operate',
    input: z.strictObject({ id: AdviceId }),
    output: returns<InsightsView>(),
    rest: 'POST /insights/advice/:id/dismiss',
    summary: 'Hide one piece of advice for good (the dismissal is stored); returns the insights without it',
  }),
  'insights.applyAdvice': command({
    permission: 'configure',
    input: z.strictObject({
      id: AdviceId,
      dryRun: z.boolean().default(false),
      confirm: z.boolean().default(false),
      /** The version the diff shown was made on: saving is refused when another runs now. */
      baseVersionId: z.number().int().positive().optional(),
    }),
    output: returns<AdviceApplyResult>(),
    rest: 'POST /insights/advice/:id/apply',
    summary: 'Make the workspace change a piece of advice suggests: the diff first (dryRun), then saved as a new version in the config history',
  }),
};

export const insightEvents = {
  'insights.changed': event<InsightsView>('An anomaly began or ended, or analysis changed what it watches', 'view'),
};
