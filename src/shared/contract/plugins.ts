import { z } from 'zod';
import type { PluginView } from '../types/plugins';
import { NoInput } from './app';
import { command, event, returns } from './define';

const PluginId = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'a plugin id is lowercase letters, digits and "-"');
/** Accepting the declared capabilities is a separate, explicit yes (--yes in the CLI). */
const Accept = z.boolean().default(false);

export const pluginCommands = {
  'plugins.list': command({
    permission: 'view',
    input: NoInput,
    output: returns<PluginView[]>(),
    rest: 'GET /plugins',
    summary: 'Installed plugins: what each contributes, the capabilities it declares, whether it runs and why not',
  }),
  'plugins.install': command({
    permission: 'configure',
    input: z.strictObject({ source: z.string().min(1).max(4096), accept: Accept }),
    output: returns<PluginView>(),
    rest: 'POST /plugins',
    summary: "Install a plugin from a folder or an npm pack tarball on the engine's machine; with accept, trust its capabilities and enable it",
  }),
  'plugins.enable': command({
    permission: 'configure',
    input: z.strictObject({ id: PluginId, accept: Accept }),
    output: returns<PluginView>(),
    rest: 'POST /plugins/:id/enable',
    summary: 'Enable a plugin (its capabilities must be accepted once) and start its process',
  }),
  'plugins.disable': command({
    permission: 'configure',
    input: z.strictObject({ id: PluginId }),
    output: returns<PluginView>(),
    rest: 'POST /plugins/:id/disable',
    summary: 'Disable a plugin and stop its process',
  }),
  'plugins.remove': command({
    permission: 'configure',
    input: z.strictObject({ id: PluginId }),
    output: returns<{ id: string }>(),
    rest: 'DELETE /plugins/:id',
    summary: 'Stop and remove a plugin from the data folder',
  }),
};

export const pluginEvents = {
  'plugins.changed': event<PluginView[]>('A plugin was installed, enabled, disabled, removed, went down or came back', 'view'),
};
