import path from 'node:path';
import type { Capabilities } from './manifest';

/**
 * Node's permission model flags from a plugin's declared capabilities: file reads and writes only
 * where declared, child processes only if it declares commands, no worker threads. A seat belt,
 * not a sandbox: Node does not restrict the network before version 25, native addons are refused
 * only by the flag, and the model itself is experimental in Node 20.
 */
export function permissionFlags(
  capabilities: Capabilities,
  pluginDir: string,
  runtimeReads: string[],
  nodeMajor = Number(process.versions.node.split('.')[0]),
): string[] {
  const flag = nodeMajor >= 22 ? '--permission' : '--experimental-permission';
  const reads = [pluginDir, ...runtimeReads, ...capabilities.read.map((entry) => path.resolve(entry))];
  // One flag per path: Node 20.20 no longer splits a comma-separated list.
  const flags = [
    flag,
    '--disable-warning=ExperimentalWarning',
    ...reads.map((entry) => `--allow-fs-read=${entry}`),
    ...capabilities.write.map((entry) => `--allow-fs-write=${path.resolve(entry)}`),
  ];
  if (capabilities.commands.length > 0) flags.push('--allow-child-process');
  return flags;
}
