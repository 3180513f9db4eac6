import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

/** The three Electron targets. The CLI and headless server are built by vite.node.config.mts. */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // plugin-host: the entry of each third-party plugin's utility process (see runtime-entry.ts, utility-plugin-launcher.ts).
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          'pty-host': resolve(__dirname, 'src/main/pty-host-entry.ts'),
          'plugin-host': resolve(__dirname, 'src/plugin-sdk/host-runtime.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') },
    },
  },
});
