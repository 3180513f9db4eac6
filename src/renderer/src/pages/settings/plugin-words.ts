import type { PluginCapabilities, PluginView } from '../../../../shared/types/plugins';
import type { StatusLook } from '../../format/service-status';

/**
 * What a plugin may do, one sentence per capability, for the list and the trust dialog. The
 * network line says it is not enforced: Node 20's permission model does not cover the network.
 */
export function capabilityLines(capabilities: PluginCapabilities): string[] {
  const lines: string[] = [];
  if (capabilities.network.length > 0) lines.push(`Connect to ${listOf(capabilities.network)} (shown, not enforced)`);
  if (capabilities.commands.length > 0) lines.push(`Run the ${plural(capabilities.commands.length, 'command', 'commands')} ${listOf(capabilities.commands)}`);
  if (capabilities.read.length > 0) lines.push(`Read ${listOf(capabilities.read)}`);
  if (capabilities.write.length > 0) lines.push(`Write to ${listOf(capabilities.write)}`);
  return lines;
}

/** "probe redis, channels discord and slack2": what it adds, by kind of kind. */
export function contributionWords(contributes: PluginView['contributes']): string {
  const sections: [keyof PluginView['contributes'], string, string][] = [
    ['probes', 'probe', 'probes'],
    ['channels', 'channel', 'channels'],
    ['actions', 'action', 'actions'],
    ['analysers', 'analyser', 'analysers'],
    ['logParsers', 'log parser', 'log parsers'],
  ];
  const parts = sections
    .filter(([key]) => contributes[key].length > 0)
    .map(([key, one, many]) => `${plural(contributes[key].length, one, many)} ${listOf(contributes[key])}`);
  return parts.length === 0 ? 'nothing yet' : parts.join(', ');
}

/** A plugin's state as a word, a tone and what it means; "crashed" where its process went down. */
export function pluginLook(plugin: PluginView): StatusLook {
  switch (plugin.state) {
    case 'disabled':
      return { tone: 'neutral', label: 'disabled', meaning: 'Installed but not running; its kinds are refused in the workspace until it is enabled.' };
    case 'starting':
      return { tone: 'warning', label: 'starting', meaning: 'Its process is loading.' };
    case 'ready':
      return { tone: 'ok', label: 'running', meaning: 'Its process runs and answers; its kinds work.' };
    case 'down':
      return { tone: 'critical', label: 'crashed', meaning: 'Its process went down; it is started again with back-off. Its probes are down meanwhile.' };
    case 'stopped':
      return { tone: 'critical', label: 'not running', meaning: 'Enabled but not started.' };
  }
}

/** Why it is down now, or why it last went down while it runs again: null when nothing went wrong. */
export function pluginProblem(plugin: PluginView): { now: boolean; text: string } | null {
  if (plugin.reason === null) return null;
  return { now: plugin.state === 'down' || plugin.state === 'stopped', text: plugin.reason };
}

function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1) as string}`;
}

function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}
