import { Option, type Command } from 'commander';
import { z } from 'zod';
import { CHECK_EXIT, CheckReportSchema, type CheckMode, type CheckReport } from '../../shared/check/check-report';
import { ZervigoError } from '../../shared/errors';
import { checkLocally } from '../check/check-local';
import { checkRemotely } from '../check/check-remote';
import { renderCheck } from '../check/render-check';
import { colorWanted, painter } from '../colors';
import { consoleClient } from '../console-call';

interface CheckOptions {
  workspace?: string;
  env?: string;
  json?: boolean;
  jsonSchema?: boolean;
  services?: boolean;
  infra?: boolean;
  order?: boolean;
  url?: string;
  token?: string;
  color?: boolean;
}

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function modeOf(options: CheckOptions): CheckMode {
  if (options.order === true) return 'order';
  if (options.infra === true) return 'infra';
  if (options.services === true) return 'services';
  return 'all';
}

/** A console that does not answer, or refuses the token, has its own exit code (see CHECK_EXIT). */
function exitCodeOf(error: unknown): number {
  if (error instanceof ZervigoError && error.code === 'unavailable') return CHECK_EXIT.unreachable;
  if (error instanceof ZervigoError && error.code === 'unauthorized') return CHECK_EXIT.unauthorized;
  if (error instanceof ZervigoError && error.code === 'not_found') return CHECK_EXIT.invalid;
  return 1;
}

export function registerCheckCommand(program: Command): void {
  program
    .command('check')
    .description(
      'one-shot health check: the workspace validates, the start order is sound, every probe once (in parallel), the machine; exit 0 all good, 1 something down, 2 workspace invalid, 3 --url does not answer, 4 --url refused the token',
    )
    .option('-w, --workspace <file>', 'the workspace file (default ./zervigo.yaml, else the built-in one)')
    .option('--env <name>', 'the environment to check with')
    .addOption(new Option('--services', 'only the services and their probes').conflicts(['infra', 'order']))
    .addOption(new Option('--infra', 'only the infrastructure: the machine, and services others depend on that depend on nothing').conflicts(['order']))
    .option('--order', 'only the workspace and the start order (no probes run)')
    .option('--json', 'the report as JSON (schema: zervigo check --json-schema)')
    .option('--json-schema', 'print the JSON Schema of the --json report and exit')
    .addOption(
      new Option('--url <url>', 'ask a running console instead (its workspace, its latest checks) — e.g. http://127.0.0.1:7300').conflicts([
        'workspace',
        'env',
      ]),
    )
    .option('--token <token>', 'with --url: the API token (default: $ZERVIGO_TOKEN, else the one in the data folder)')
    .option('--color', 'colour the report even when not on a terminal')
    .option('--no-color', 'never colour the report (NO_COLOR does the same)')
    .action(async (options: CheckOptions, command: Command) => {
      if (options.jsonSchema === true) {
        out(JSON.stringify(z.toJSONSchema(CheckReportSchema, { target: 'draft-2020-12' }), null, 2));
        return;
      }
      const mode = modeOf(options);
      let report: CheckReport;
      try {
        report =
          options.url === undefined
            ? await checkLocally({ workspace: options.workspace, environment: options.env, mode })
            : await checkRemotely(consoleClient(command, { url: options.url, token: options.token }), mode);
      } catch (error) {
        const exitCode = exitCodeOf(error);
        const message = error instanceof Error ? error.message : String(error);
        if (options.json === true) out(JSON.stringify({ error: { code: error instanceof ZervigoError ? error.code : 'internal', message }, exitCode }));
        process.stderr.write(`zervigo: ${message}\n`);
        process.exitCode = exitCode;
        return;
      }
      if (options.json === true) out(JSON.stringify(report, null, 2));
      else for (const line of renderCheck(report, painter(colorWanted(process.stdout, options.color)))) out(line);
      process.exitCode = report.summary.exitCode;
    });
}
