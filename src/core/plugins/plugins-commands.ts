import type { HandlersOf } from '../../shared/contract/define';
import type { pluginCommands } from '../../shared/contract/plugins';
import type { PluginsModule } from './plugins-module';

/** What the commands read of the plugins part. */
export type PluginsPart = Pick<PluginsModule, 'views' | 'install' | 'enable' | 'disable' | 'remove'>;

/** The plugins part's commands: list, install, enable (accepting capabilities), disable, remove, each in the caller's name. */
export function pluginHandlers(plugins: PluginsPart): HandlersOf<typeof pluginCommands> {
  return {
    'plugins.list': async () => plugins.views(),
    'plugins.install': async ({ source, accept }, { actor }) => plugins.install(source, accept, actor),
    'plugins.enable': async ({ id, accept }, { actor }) => plugins.enable(id, accept, actor),
    'plugins.disable': async ({ id }, { actor }) => plugins.disable(id, actor),
    'plugins.remove': async ({ id }, { actor }) => plugins.remove(id, actor),
  };
}
