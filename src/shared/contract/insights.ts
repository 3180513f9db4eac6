import { z } from 'zod';
import type { InsightsView } from '../types/insights';
import { command, event, returns } from './define';

/** One service's insights, or one kind's; a GET passes them as query parameters. */
const InsightsFilter = z
  .strictObject({
    service: z.string().min(1).max(200).optional(),
    kind: z.enum(['anomaly', 'incident', 'forecast', 'notice']).optional(),
  })
  .optional()
  .default({});

export const insightCommands = {
  'insights.list': command({
    permission: 'view',
    input: InsightsFilter,
    output: returns<InsightsView>(),
    rest: 'GET /insights',
    summary: 'Current and recent anomalies, incidents (anomalies of related services grouped), forecasts and analysis notices',
  }),
};

export const insightEvents = {
  'insights.changed': event<InsightsView>('An anomaly began or ended, or analysis changed what it watches', 'view'),
};
