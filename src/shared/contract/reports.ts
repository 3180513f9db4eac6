import { z } from 'zod';
import type { Report } from '../reports/report-schema';
import type { NotificationView } from '../types/alerts';
import { command, returns } from './define';

const durationText = z
  .string()
  .trim()
  .regex(/^(\d+(ms|s|m|h|d|w))+$/, 'write a duration like 24h, 7d or 30d');

export const ReportInput = z
  .strictObject({
    /** The last this long (default 7d). */
    since: durationText.optional(),
    /** A calendar month, e.g. "2026-11", in the caller's UTC offset. */
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month is written 2026-11')
      .optional(),
    /** The caller's UTC offset for days and months (default: the engine's). */
    utcOffsetMinutes: z.number().int().min(-840).max(840).optional(),
    /** Deliver it through a channel of the workspace (email: attached; Slack: a summary; webhook: the JSON). */
    send: z.strictObject({ channel: z.string().min(1).max(200), format: z.enum(['html', 'md', 'json']).default('html') }).optional(),
  })
  .refine((input) => input.since === undefined || input.month === undefined, { message: 'give either since or month' })
  .optional()
  .default({});

export interface ReportResult {
  report: Report;
  /** The notification that carried it (its first delivery attempt), when it was sent. */
  delivery: NotificationView | null;
}

export const reportCommands = {
  'reports.generate': command({
    permission: 'view',
    input: ReportInput,
    output: returns<ReportResult>(),
    rest: 'POST /reports',
    summary:
      'A report over a period (since 7d, or a month): availability against each SLO with the error budget, incidents with time to acknowledge and resolve, restarts, error log patterns, resource trends; optionally sent to a channel (sending needs the operate permission)',
  }),
};
