import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { z } from 'zod';
import type { ReportResult } from '../../shared/contract/reports';
import { ZervigoError } from '../../shared/errors';
import { reportFile } from '../../shared/reports/report-file';
import { summaryLines } from '../../shared/reports/report-format';
import { ReportSchema, type ReportFormat } from '../../shared/reports/report-schema';
import { DEFAULT_URL } from '../server-client';
import { consoleClient } from '../console-call';

/** 0 written, 1 failed (bad input, a delivery that failed), 2 nothing in the period, 3 no console answers, 4 token refused. */
export const REPORT_EXIT = { ok: 0, failed: 1, empty: 2, unreachable: 3, unauthorized: 4 } as const;

interface ReportOptions {
  since?: string;
  month?: string;
  format?: ReportFormat;
  out?: string;
  send?: string;
  url?: string;
  token?: string;
  jsonSchema?: boolean;
}

const FORMAT_BY_EXTENSION: Record<string, ReportFormat> = { '.json': 'json', '.md': 'md', '.markdown': 'md', '.html': 'html', '.htm': 'html' };

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description(
      'a report over a period from the running console: availability per service against its SLO and the error budget left, incidents (time to acknowledge, resolve), restarts and given-up services, error log patterns, resource trends; exit 2 when the period holds no data',
    )
    .addOption(new Option('--since <duration>', 'the last this long: 24h, 7d, 30d (default 7d)').conflicts('month'))
    .option('--month <yyyy-mm>', 'a calendar month, e.g. 2026-11 (local time)')
    .addOption(
      new Option(
        '--format <format>',
        "json (schema: --json-schema), md or html (self-contained, inline SVG charts, prints to PDF); default: from --out's extension, else md",
      ).choices(['json', 'md', 'html']),
    )
    .option('-o, --out <file>', 'write it to this file instead of the terminal')
    .option('--send <channel>', "also deliver it through a channel of the workspace (email: attached; Slack: the summary; webhook: the file's text)")
    .option('--url <url>', `the console (default: $ZERVIGO_URL, else ${DEFAULT_URL})`)
    .option('--token <token>', 'the API token (default: $ZERVIGO_TOKEN, else the one in the data folder)')
    .option('--json-schema', 'print the JSON Schema of the JSON report and exit')
    .action(async (options: ReportOptions, command: Command) => {
      if (options.jsonSchema === true) {
        process.stdout.write(`${JSON.stringify(z.toJSONSchema(ReportSchema, { target: 'draft-2020-12' }), null, 2)}\n`);
        return;
      }
      const outProblem = options.out === undefined ? null : problemWithOut(options.out, options.format);
      if (outProblem !== null) {
        process.stderr.write(`zervigo: ${outProblem}\n`);
        process.exitCode = REPORT_EXIT.failed;
        return;
      }
      const format: ReportFormat =
        options.format ?? (options.out === undefined ? undefined : FORMAT_BY_EXTENSION[path.extname(options.out).toLowerCase()]) ?? 'md';
      const now = Date.now();
      let result: ReportResult;
      try {
        const client = consoleClient(command, options);
        const body = {
          ...(options.since === undefined ? {} : { since: options.since }),
          ...(options.month === undefined ? {} : { month: options.month }),
          utcOffsetMinutes: -new Date(now).getTimezoneOffset(),
          ...(options.send === undefined ? {} : { send: { channel: options.send, format } }),
        };
        result = await client.call<ReportResult>('POST', '/reports', body);
      } catch (error) {
        const code = error instanceof ZervigoError ? error.code : 'internal';
        process.stderr.write(`zervigo: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode =
          code === 'unavailable'
            ? REPORT_EXIT.unreachable
            : code === 'unauthorized'
              ? REPORT_EXIT.unauthorized
              : code === 'conflict'
                ? REPORT_EXIT.empty
                : REPORT_EXIT.failed;
        return;
      }
      const report = result.report;
      if (report.empty) {
        process.stderr.write(
          `zervigo: nothing was recorded in the period (${report.period.label}); probes, alerts, restarts and machine samples are recorded while the console runs. No report was written.\n`,
        );
        process.exitCode = REPORT_EXIT.empty;
        return;
      }
      const file = reportFile(report, format);
      if (options.out === undefined) process.stdout.write(file.content.endsWith('\n') ? file.content : `${file.content}\n`);
      else {
        fs.writeFileSync(options.out, file.content);
        process.stderr.write(`wrote ${options.out} (${format}, ${Math.ceil(Buffer.byteLength(file.content) / 1024)} KiB)\n`);
        for (const line of summaryLines(report)) process.stderr.write(`  ${line}\n`);
      }
      if (result.delivery !== null) {
        const delivery = result.delivery;
        const last = delivery.deliveries.at(-1);
        const outcome =
          delivery.status === 'delivered'
            ? `delivered (${last?.detail ?? 'ok'})`
            : delivery.status === 'failed'
              ? `FAILED: ${delivery.lastError ?? 'failed'}`
              : `not delivered yet (${delivery.lastError ?? 'queued'}); retried with back-off, see Alerts → Notifications`;
        process.stderr.write(`sent to ${delivery.channel}: ${outcome}\n`);
        if (delivery.status === 'failed') process.exitCode = REPORT_EXIT.failed;
      }
    });
}

/** Checked before the report is made (and sent): a file that cannot be written, or whose format cannot be told. */
function problemWithOut(out: string, format: ReportFormat | undefined): string | null {
  const extension = path.extname(out).toLowerCase();
  if (format === undefined && FORMAT_BY_EXTENSION[extension] === undefined) {
    return `cannot tell the format of ${out} from "${extension || 'no extension'}": name it .html, .md or .json, or give --format html|md|json${extension === '.pdf' ? ' (for a PDF, print the HTML file)' : ''}`;
  }
  const folder = path.dirname(path.resolve(out));
  if (!fs.existsSync(folder)) return `cannot write ${out}: the folder ${folder} does not exist`;
  try {
    fs.accessSync(folder, fs.constants.W_OK);
  } catch {
    return `cannot write ${out}: the folder ${folder} may not be written to`;
  }
  if (fs.existsSync(out) && fs.statSync(out).isDirectory()) return `cannot write ${out}: it is a folder`;
  return null;
}
