import { z } from 'zod';
import type { Explanation, IncidentView } from '../types/incidents';
import { ExplainRequestSchema } from './assistant';
import { command, event, returns } from './define';

const IncidentId = z.coerce.number().int().positive();

export const IncidentListInput = z
  .strictObject({
    limit: z.coerce.number().int().min(1).max(500).default(100),
    status: z.enum(['open', 'resolved']).optional(),
    service: z.string().min(1).max(200).optional(),
  })
  .optional()
  .default({ limit: 100 });

export interface IncidentDetail extends IncidentView {
  /** The ranking each time its order changed, oldest first. */
  history: { at: number; causes: IncidentView['causes'] }[];
}

export const incidentCommands = {
  'incidents.list': command({
    permission: 'view',
    input: IncidentListInput,
    output: returns<IncidentView[]>(),
    rest: 'GET /incidents',
    summary: 'Incidents, newest first: their time span, alerts, anomalies and outages, and causes ranked with their evidence',
  }),
  'incidents.get': command({
    permission: 'view',
    input: z.strictObject({ id: IncidentId }),
    output: returns<IncidentDetail>(),
    rest: 'GET /incidents/:id',
    summary: 'One incident with how its ranking changed as evidence arrived',
  }),
  'incidents.confirmCause': command({
    permission: 'operate',
    input: z.strictObject({
      id: IncidentId,
      kind: z.enum(['service', 'series', 'pattern', 'change']),
      target: z.string().min(1).max(600),
    }),
    output: returns<IncidentView>(),
    rest: 'POST /incidents/:id/confirm',
    summary: 'Record what the cause was (audited); later, similar incidents show it',
  }),
  'assistant.explain': command({
    permission: 'view',
    input: ExplainRequestSchema.extend({ incident: IncidentId.optional() }),
    output: returns<Explanation>(),
    rest: 'POST /assistant/explain',
    summary: '"Why is api down?", "what changed before web got slow?", "what happened last night?": plain sentences, each linked to its evidence',
  }),
};

export const incidentEvents = {
  'incidents.changed': event<IncidentView[]>('An incident opened, resolved, or its ranking changed order', 'view'),
};
