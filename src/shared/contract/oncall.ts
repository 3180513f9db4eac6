import { z } from 'zod';
import type { EscalationView, OnCallNowView, OnCallScheduleView } from '../types/oncall';
import { NoInput } from './app';
import { command, event, returns } from './define';

/** The longest range of shifts one call returns (a quarter). */
export const MAX_SHIFT_RANGE_MS = 93 * 86_400_000;

const instant = z.coerce.number().int().min(0, 'a time is ms since 1970').max(8.64e15);

/** On-call: who is on call (schedules are in the workspace file), and the escalations under way. */
export const oncallCommands = {
  'oncall.now': command({
    permission: 'view',
    input: NoInput,
    output: returns<OnCallNowView[]>(),
    rest: 'GET /oncall/now',
    summary: 'Who is on call now in each schedule, until when, and who is next',
  }),
  'oncall.shifts': command({
    permission: 'view',
    input: z
      .strictObject({
        schedule: z.string().min(1, 'name a schedule (under on_call.schedules)').max(200),
        from: instant.optional(),
        to: instant.optional(),
      })
      .refine((input) => input.from === undefined || input.to === undefined || input.to > input.from, { message: 'to must be after from', path: ['to'] })
      .refine((input) => input.from === undefined || input.to === undefined || input.to - input.from <= MAX_SHIFT_RANGE_MS, {
        message: 'ask for at most 93 days of shifts at a time',
        path: ['to'],
      }),
    output: returns<OnCallScheduleView>(),
    rest: 'GET /oncall/schedules/:schedule/shifts',
    summary: "A schedule's layers, overrides and shifts over a range (default: the next 14 days)",
  }),
  'oncall.escalations': command({
    permission: 'view',
    input: z
      .strictObject({
        state: z.enum(['pending', 'all']).default('all'),
        limit: z.coerce.number().int().min(1).max(500).default(50),
      })
      .optional()
      .default({ state: 'all', limit: 50 }),
    output: returns<EscalationView[]>(),
    rest: 'GET /oncall/escalations',
    summary: 'Escalations: pending first (level paged, when the next is due), then ended ones with who acknowledged and when',
  }),
  'oncall.acknowledge': command({
    permission: 'operate',
    input: z.strictObject({
      id: z.coerce.number().int().positive('an escalation is named by its number (zervigo oncall escalations lists them)'),
      comment: z.string().max(1000).default(''),
    }),
    output: returns<EscalationView>(),
    rest: 'POST /oncall/escalations/:id/ack',
    summary: "Acknowledge a page: the escalation stops (no further level is paged) and its group's firing alerts are acknowledged",
  }),
};

export const oncallEvents = {
  'oncall.changed': event<EscalationView[]>('Escalations changed (a level paged or skipped, acknowledged, resolved): the pending ones', 'view'),
};
