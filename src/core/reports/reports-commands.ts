import { randomUUID } from 'node:crypto';
import { principalOf, type HandlersOf } from '../../shared/contract/define';
import { forbidden } from '../auth/authorize';
import type { reportCommands } from '../../shared/contract/reports';
import { ZervigoError } from '../../shared/errors';
import { resolvePeriod } from '../../shared/reports/report-period';
import { reportFile } from '../../shared/reports/report-file';
import { summaryLines } from '../../shared/reports/report-format';
import type { NotificationView } from '../../shared/types/alerts';
import type { Clock } from '../clock';
import { workspaceName, type ActiveWorkspace } from '../config/active-workspace';
import type { ReportAttachment } from '../notify/notification';
import type { Database } from '../store/database';
import type { SeriesStore } from '../store/series-store';
import { buildReport } from './report-builder';

export interface ReportDeps {
  db: Database;
  series: SeriesStore;
  clock: Clock;
  workspace: () => ActiveWorkspace;
  /** Hands a report to a channel through the notification outbox; resolves after its first attempt. */
  send: (channel: string, attachment: ReportAttachment) => Promise<NotificationView>;
  utcOffsetMinutes?: (now: number) => number;
}

export function reportHandlers(deps: ReportDeps): HandlersOf<typeof reportCommands> {
  return {
    'reports.generate': async (input, context) => {
      // Reading a report is viewing; sending one notifies people, which an operator does.
      const principal = principalOf(context);
      if (input.send !== undefined && !principal.permissions.has('operate')) throw forbidden('reports.generate with send', 'operate', principal);
      const now = deps.clock.now();
      const offset = input.utcOffsetMinutes ?? deps.utcOffsetMinutes?.(now) ?? -new Date(now).getTimezoneOffset();
      const period = resolvePeriod(input, now, offset);
      const active = deps.workspace();
      const report = buildReport(
        { db: deps.db, series: deps.series, config: active.config, workspaceName: workspaceName(active), environment: active.environment, now },
        period,
        offset,
      );
      if (input.send === undefined) return { report, delivery: null };
      if (report.empty)
        throw new ZervigoError(
          'conflict',
          `nothing was recorded ${report.period.label.startsWith('last') ? `in the ${report.period.label}` : `in ${report.period.label}`}; no report was sent`,
        );
      const file = reportFile(report, input.send.format);
      const lines = summaryLines(report);
      const delivery = await deps.send(input.send.channel, { title: `Zervigo report: ${report.workspace.name}, ${report.period.label}`, lines, ...file });
      return { report, delivery };
    },
  };
}

/** The idempotency key of a report notification: each send is news. */
export function reportKey(): string {
  return `report-${randomUUID()}`;
}
