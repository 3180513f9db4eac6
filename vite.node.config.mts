import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import packageJson from './package.json' with { type: 'json' };

/**
 * The `zervigo` CLI (which also runs the headless server) for plain Node. Runtime dependencies
 * stay external and are loaded from node_modules, as in the Electron main process.
 */
const external = [...builtinModules, ...builtinModules.map((name) => `node:${name}`), ...Object.keys(packageJson.dependencies)].map(
  (name) => new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(/.*)?$`),
);

export default defineConfig({
  build: {
    ssr: true,
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rollupOptions: {
      // plugin-host: the entry of each plugin's process, beside the CLI (see runtime-entry.ts).
      input: { zervigo: resolve(import.meta.dirname, 'src/cli/main.ts'), 'plugin-host': resolve(import.meta.dirname, 'src/plugin-sdk/host-runtime.ts') },
      external,
      // Commands loaded on demand (the monitor, with React and ink) are chunks beside the entries.
      output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs' },
    },
  },
});
