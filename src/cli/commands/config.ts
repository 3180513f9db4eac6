import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { createTwoFilesPatch } from 'diff';
import { countsOf } from '../../core/config/active-workspace';
import { resolveMaxWorkspaceBytes } from '../../core/config/input-limits';
import { workspaceJsonSchema } from '../../core/config/json-schema';
import { withPluginKinds } from '../../core/config/plugin-json-schema';
import { WORKSPACE_FILE_NAME } from '../../core/config/locate-workspace';
import { formatIssue, parseWorkspace } from '../../core/config/parse-workspace';
import { readTextFile } from '../../core/config/read-text-file';
import { DATABASE_FILE_NAME } from '../../core/data-dir';
import { ConfigHistory } from '../../core/store/config-history';
import { pluginKindLookup } from '../../core/plugins/plugin-kind-lookup';
import { PluginStore } from '../../core/plugins/plugin-store';
import { ZERVIGO_VERSION } from '../../core/version';
import { openDatabase } from '../../core/store/database';
import { ZervigoError } from '../../shared/errors';
import { restartToApplyText } from '../../shared/restart-to-apply';
import type { ConfigVersion } from '../../shared/types/workspace';
import { resolveDataDir } from '../../core/data-dir';
import { dataDirOf, type GlobalOptions } from '../options';
import { askRunningConsole } from '../running-console';
import { DEFAULT_URL } from '../server-client';
import { formatTimestamp, printTable } from '../output';
import { kindsWithPlugins } from '../../core/builtin-kinds';

function withHistory<T>(command: Command, use: (history: ConfigHistory) => T): T {
  const db = openDatabase(path.join(dataDirOf(command), DATABASE_FILE_NAME));
  try {
    return use(new ConfigHistory(db));
  } finally {
    db.close();
  }
}

function versionOf(history: ConfigHistory, id: string): ConfigVersion {
  const number = Number(id);
  const version = Number.isInteger(number) ? history.get(number) : undefined;
  if (version === undefined) throw new ZervigoError('not_found', `no workspace version ${id}; \`zervigo config history\` lists them`);
  return version;
}

export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('validate the workspace file, print its JSON Schema, browse its history');

  config
    .command('validate')
    .argument('[file]', 'the workspace file', WORKSPACE_FILE_NAME)
    .option('--env <name>', 'validate with this environment active')
    .option('--url <url>', `the running console to ask which services would wait for a restart (default: $ZERVIGO_URL, else ${DEFAULT_URL})`)
    .option('--token <token>', 'the API token (default: $ZERVIGO_TOKEN, else the one in the data folder)')
    .description(
      'check a workspace file; prints each problem as file:line:col and exits 1 if there is any; with a console running it, names the running services an edit waits on ("api: restart to apply (start changed)")',
    )
    .action(async (file: string, options: { env?: string; url?: string; token?: string }, command: Command) => {
      const target = path.resolve(file);
      const maxBytes = resolveMaxWorkspaceBytes();
      const read = readTextFile(target, maxBytes, 'the file');
      if (!read.ok && read.problem.missing) throw new ZervigoError('not_found', `${target} does not exist`);
      const content = read.ok ? read.text : '';
      const dataDir = resolveDataDir({ flag: command.optsWithGlobals<GlobalOptions>().dataDir });
      // The installed plugins' kinds are valid keys too (read from the data folder; nothing is started).
      const pluginKinds = pluginKindLookup(new PluginStore(dataDir, ZERVIGO_VERSION, () => Date.now()));
      const result = read.ok
        ? parseWorkspace(content, { kinds: kindsWithPlugins(pluginKinds), file, environment: options.env ?? null, maxBytes, pluginKinds })
        : { ok: false as const, issues: [{ file, line: read.problem.line, col: read.problem.col, path: '', message: read.problem.message }] };
      if (!result.ok) {
        for (const issue of result.issues) process.stdout.write(`${formatIssue(issue)}\n`);
        process.stderr.write(`${result.issues.length} problem${result.issues.length === 1 ? '' : 's'} in ${file}\n`);
        process.exitCode = 1;
        return;
      }
      const counts = countsOf(result.workspace.config);
      const environment = result.workspace.environment === null ? '' : `, environment ${result.workspace.environment}`;
      process.stdout.write(
        `${file} is valid: ${counts.services} services, ${counts.probes} probes, ${counts.rules} rules, ${counts.routes} routes, ${counts.channels} channels${environment}\n`,
      );
      // Only the console knows what runs: asked when one answers and runs this very file, else nothing is said.
      const running = await askRunningConsole(target, content, {
        url: options.url ?? process.env.ZERVIGO_URL ?? DEFAULT_URL,
        dataDir,
        token: options.token,
        environment: options.env,
      });
      if (running.kind === 'none') return;
      if (!running.result.ok) {
        // Valid here, refused there: the console resolves ${VAR}s from its own environment.
        for (const issue of running.result.issues) process.stdout.write(`${formatIssue(issue)}\n`);
        process.stderr.write(
          `the console at ${running.url} would refuse ${file} (${running.result.issues.length} problem${running.result.issues.length === 1 ? '' : 's'} with its environment)\n`,
        );
        process.exitCode = 1;
        return;
      }
      for (const entry of running.result.restartToApply) process.stdout.write(`${entry.service}: ${restartToApplyText(entry.fields)}\n`);
    });

  config
    .command('schema')
    .option('-o, --output <file>', 'write it to this file instead of printing it')
    .description("print the JSON Schema of the workspace file (for editors: completion, hovers, checks), with the installed plugins' kinds")
    .action((options: { output?: string }, command: Command) => {
      // The data folder's installed plugins (nothing is started): their kinds are keys like the built-ins'.
      const dataDir = resolveDataDir({ flag: command.optsWithGlobals<GlobalOptions>().dataDir });
      const pluginKinds = pluginKindLookup(new PluginStore(dataDir, ZERVIGO_VERSION, () => Date.now()));
      const schema = withPluginKinds(workspaceJsonSchema(kindsWithPlugins(pluginKinds)), pluginKinds);
      const text = `${JSON.stringify(schema, null, 2)}\n`;
      if (options.output === undefined) process.stdout.write(text);
      else {
        fs.writeFileSync(path.resolve(options.output), text);
        process.stdout.write(`wrote ${path.resolve(options.output)}\n`);
      }
    });

  config
    .command('history')
    .option('-n, --limit <count>', 'how many versions', '20')
    .description('list accepted versions of the workspace, newest first')
    .action((options: { limit: string }, command: Command) => {
      const limit = Math.max(1, Math.min(1000, Number(options.limit) || 20));
      const versions = withHistory(command, (history) => history.recent(limit));
      if (versions.length === 0) {
        process.stdout.write('no versions yet: they are recorded when the console (zervigo serve, or the app) loads a workspace\n');
        return;
      }
      printTable(
        ['ID', 'TIME', 'SOURCE', 'BYTES', 'FILE'],
        versions.map((version) => [String(version.id), formatTimestamp(version.at), version.source, String(version.bytes), version.file]),
      );
    });

  config
    .command('show')
    .argument('<id>', 'a version id from `config history`')
    .description('print one accepted version of the workspace')
    .action((id: string, _options: unknown, command: Command) => {
      process.stdout.write(withHistory(command, (history) => versionOf(history, id).content));
    });

  config
    .command('diff')
    .argument('<a>', 'the older version id')
    .argument('<b>', 'the newer version id')
    .description('show what changed between two versions (unified diff)')
    .action((a: string, b: string, _options: unknown, command: Command) => {
      const [from, to] = withHistory(command, (history) => [versionOf(history, a), versionOf(history, b)] as const);
      const patch = createTwoFilesPatch(
        `version ${from.id} (${formatTimestamp(from.at)})`,
        `version ${to.id} (${formatTimestamp(to.at)})`,
        from.content,
        to.content,
      );
      process.stdout.write(patch);
    });
}
