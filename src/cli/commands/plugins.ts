import type { Command } from 'commander';
import { systemClock } from '../../core/clock';
import { createDispatcher } from '../../core/dispatch';
import { silentLogger } from '../../core/logger';
import { pluginHandlers } from '../../core/plugins/plugins-commands';
import { PluginsModule } from '../../core/plugins/plugins-module';
import { ZERVIGO_VERSION } from '../../core/version';
import { localOwner } from '../../shared/auth/principal';
import type { CommandInput, CommandOutput } from '../../shared/contract';
import { contextFor } from '../../shared/contract/define';
import { pluginCommands } from '../../shared/contract/plugins';
import type { PluginView } from '../../shared/types/plugins';
import { callServerOrLocally, withDataFolder, type CallerOptions } from '../contract-caller';
import { printTable } from '../output';
import { callerOptions, withServerFlags } from './users';
import { scaffoldPlugin, SCAFFOLD_KINDS, type ScaffoldKind } from './plugin-scaffold';

type PluginCommandName = Extract<keyof typeof pluginCommands, string>;
interface ServerFlags {
  url?: string;
  token?: string;
}

const out = (line: string): boolean => process.stdout.write(`${line}\n`);

/** The running server's contract, or with none the data folder's own (recorded; the next engine starts what is enabled). */
function call<K extends PluginCommandName>(options: CallerOptions, name: K, input: CommandInput<K>): Promise<CommandOutput<K>> {
  return callServerOrLocally(options, name, input, () =>
    withDataFolder(options.dataDir, async () => {
      const plugins = new PluginsModule({
        dataDir: options.dataDir,
        engineVersion: ZERVIGO_VERSION,
        clock: systemClock,
        logger: silentLogger,
        builtinKinds: {},
        onChanged: () => undefined,
        runProcesses: false,
      });
      const dispatch = createDispatcher(pluginCommands, pluginHandlers(plugins));
      return (await dispatch(name, input, contextFor(localOwner('cli'), 'cli'))) as CommandOutput<K>;
    }),
  );
}

function describe(view: PluginView): string {
  const kinds = Object.entries(view.contributes).flatMap(([section, names]) => names.map((name) => `${section.slice(0, -1)} ${name}`));
  return `${view.id} ${view.version} (${kinds.join(', ')}): ${view.state}${view.reason === null ? '' : ` — ${view.reason}`}`;
}

export function registerPluginsCommands(program: Command): void {
  const plugins = program
    .command('plugins')
    .description('plugins: probe, channel, action and analyser kinds and log parsers from outside the codebase, each in a process of its own');

  withServerFlags(
    plugins
      .command('install')
      .argument('<source>', 'a plugin folder or a .tgz made by npm pack')
      .option('--yes', 'accept the capabilities it declares and enable it')
      .description('install a plugin into the data folder'),
  ).action(async (source: string, flags: ServerFlags & { yes?: boolean }, command: Command) => {
    const view = await call(callerOptions(command, flags), 'plugins.install', {
      source: source.startsWith('/') ? source : `${process.cwd()}/${source}`,
      accept: flags.yes === true,
    });
    out(`installed ${describe(view)}`);
    if (!view.enabled) out(`it asks for: ${JSON.stringify(view.capabilities)}; enable it with: zervigo plugins enable ${view.id} --yes`);
  });

  withServerFlags(plugins.command('list').option('--json', 'print them as JSON').description('installed plugins, their kinds, capabilities and state')).action(
    async (flags: ServerFlags & { json?: boolean }, command: Command) => {
      const list = await call(callerOptions(command, flags), 'plugins.list', {});
      if (flags.json === true) return void out(JSON.stringify(list, null, 2));
      printTable(
        ['ID', 'VERSION', 'KINDS', 'STATE', 'CAPABILITIES', 'REASON'],
        list.map((view) => [
          view.id,
          view.version,
          Object.entries(view.contributes)
            .flatMap(([section, names]) => names.map((name) => `${section.slice(0, -1)}:${name}`))
            .join(' '),
          view.state,
          (Object.entries(view.capabilities) as Array<[string, string[]]>)
            .filter(([, values]) => values.length > 0)
            .map(([key, values]) => `${key}=${values.join(',')}`)
            .join(' ') || '-',
          view.reason ?? '',
        ]),
      );
    },
  );

  withServerFlags(
    plugins
      .command('enable')
      .argument('<id>')
      .option('--yes', 'accept the capabilities it declares')
      .description('enable a plugin (asks once for its capabilities)'),
  ).action(async (id: string, flags: ServerFlags & { yes?: boolean }, command: Command) => {
    out(`enabled ${describe(await call(callerOptions(command, flags), 'plugins.enable', { id, accept: flags.yes === true }))}`);
  });

  withServerFlags(plugins.command('disable').argument('<id>').description('disable a plugin and stop its process')).action(
    async (id: string, flags: ServerFlags, command: Command) => {
      out(`disabled ${describe(await call(callerOptions(command, flags), 'plugins.disable', { id }))}`);
    },
  );

  withServerFlags(plugins.command('remove').argument('<id>').description('stop and remove a plugin')).action(
    async (id: string, flags: ServerFlags, command: Command) => {
      out(`removed ${(await call(callerOptions(command, flags), 'plugins.remove', { id })).id}`);
    },
  );

  plugins
    .command('new')
    .argument('<name>', 'the plugin id (lowercase letters, digits, "-")')
    .option('--kind <kind>', `what it contributes: ${SCAFFOLD_KINDS.join(' | ')}`, 'probe')
    .option('--dir <dir>', 'where to create it (default: ./<name>)')
    .description('scaffold a working plugin with a test that runs it in its own process')
    .action((name: string, flags: { kind: string; dir?: string }) => {
      const dir = scaffoldPlugin(name, flags.kind as ScaffoldKind, flags.dir ?? `${process.cwd()}/${name}`);
      out(`created ${dir}: edit index.js, then zervigo plugins install ${dir} --yes`);
    });
}
