import { tempDir, writeFile } from './temp-dir';

export interface PluginFolderOptions {
  id?: string;
  version?: string;
  engines?: string;
  contributes?: Record<string, Record<string, unknown>>;
  capabilities?: Record<string, string[]>;
  /** The main module's source (CommonJS). */
  main: string;
  zervigo?: Record<string, unknown>;
}

/** Writes a plugin package (package.json with a zervigo manifest + index.js) into a fresh folder. */
export function pluginFolder(options: PluginFolderOptions): string {
  const dir = tempDir('zervigo-plugin-');
  const id = options.id ?? 'sample';
  writeFile(
    dir,
    'package.json',
    JSON.stringify({
      name: `zervigo-plugin-${id}`,
      version: options.version ?? '1.0.0',
      main: 'index.js',
      engines: { zervigo: options.engines ?? '>=0.1.0' },
      zervigo: options.zervigo ?? {
        id,
        contributes: options.contributes ?? { probes: { [id]: { options: { type: 'object' } } } },
        capabilities: options.capabilities ?? {},
      },
    }),
  );
  writeFile(dir, 'index.js', options.main);
  return dir;
}
