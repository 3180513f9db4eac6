import type { Command } from 'commander';
import { DEFAULT_MAX_WORKSPACE_BYTES } from '../../core/config/input-limits';
import { readTextFile } from '../../core/config/read-text-file';
import { readDashboardFile } from '../../shared/dashboards/dashboard-file';
import { dashboardLinkPath } from '../../shared/dashboards/dashboard-link';
import { callConsole, type ServerFlags } from '../console-call';
import { DEFAULT_URL } from '../server-client';
import { SERVER_EXIT, serverExitCode } from '../server-exit-code';
import { withServerFlags } from './users';

/** Exit codes: 0 opened (or valid with --check), 2 the file is unreadable or not a dashboard, 3/4 no console or a wrong token. */
export const DASHBOARD_EXIT = { invalid: 2 } as const;

/** A console that does not answer this fast is taken as not running. */
const ASK_TIMEOUT_MS = 3_000;

const out = (line: string): boolean => process.stdout.write(`${line}\n`);
const err = (line: string): boolean => process.stderr.write(`${line}\n`);

/**
 * `zervigo dashboard --config my-dashboard.json`: validates the file (a Zervigo dashboard, or a
 * Grafana dashboard to import, listing what cannot be imported) and prints the link that opens it
 * in the running console, where it can be arranged and saved into the workspace.
 */
export function registerDashboardCommand(program: Command): void {
  withServerFlags(
    program
      .command('dashboard')
      .description('open a dashboard JSON file (a Zervigo or a Grafana dashboard) in the running console, after checking it')
      .requiredOption('--config <file>', 'the dashboard JSON file')
      .option('--check', 'only validate the file; do not ask the console')
      .option('--json', 'print the result as JSON'),
  ).action(async (flags: ServerFlags & { config: string; check?: boolean }, command: Command) => {
    const read = readTextFile(flags.config, DEFAULT_MAX_WORKSPACE_BYTES);
    if (!read.ok) {
      err(`zervigo dashboard: ${read.problem.message}`);
      process.exitCode = DASHBOARD_EXIT.invalid;
      return;
    }
    const result = readDashboardFile(read.text);
    if (!result.ok) {
      const what = result.kind === 'json' ? 'is not valid JSON' : result.kind === 'grafana' ? 'cannot be imported from Grafana' : 'is not a dashboard';
      if (flags.json === true) out(JSON.stringify({ ok: false, file: flags.config, kind: result.kind, message: result.message }, null, 2));
      else err(`${flags.config} ${what}:\n${result.message.replace(/^/gm, '  ')}`);
      process.exitCode = DASHBOARD_EXIT.invalid;
      return;
    }
    const { dashboard, notImported, adjusted } = result;
    const path = dashboardLinkPath({ dashboard, notImported, adjusted });
    const base = (flags.url ?? process.env.ZERVIGO_URL ?? DEFAULT_URL).replace(/\/+$/, '');
    const url = `${base}/#${path}`;
    const summary = {
      ok: true,
      file: flags.config,
      format: result.format,
      title: dashboard.title,
      panels: dashboard.panels.length,
      variables: dashboard.variables.map((variable) => variable.name),
      notImported,
      adjusted,
      url,
    };
    if (flags.json !== true) {
      out(
        `${flags.config}: "${dashboard.title}", ${dashboard.panels.length} panel${dashboard.panels.length === 1 ? '' : 's'}${result.format === 'grafana' ? ' (imported from Grafana)' : ''}`,
      );
      for (const line of notImported) out(`  not imported: ${line}`);
      for (const line of adjusted) out(`  changed: ${line}`);
    }
    if (flags.check === true) {
      if (flags.json === true) out(JSON.stringify(summary, null, 2));
      return;
    }
    try {
      await callConsole(command, flags, 'workspace.get', {}, { timeoutMs: ASK_TIMEOUT_MS });
    } catch (error) {
      const code = serverExitCode(error, SERVER_EXIT.unreachable);
      if (flags.json === true) out(JSON.stringify({ ...summary, ok: false, message: (error as Error).message }, null, 2));
      else
        err(
          code === SERVER_EXIT.unauthorized
            ? `The console at ${base} did not take the token (${(error as Error).message}); pass --token, then open:\n  ${url}`
            : `No console answers at ${base} (${(error as Error).message}). Start one with \`zervigo serve\` (or pass --url), then open:\n  ${url}`,
        );
      process.exitCode = code;
      return;
    }
    if (flags.json === true) out(JSON.stringify(summary, null, 2));
    else out(`Open it in the console (Save there keeps it in the workspace file):\n  ${url}`);
  });
}
