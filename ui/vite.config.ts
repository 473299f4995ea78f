/// <reference types="vitest/config" />
// Vite serves and builds the UI from ui/ into ui/dist; the Tauri shell loads ui/dist in release
// builds and the dev server on :5173 during `tauri dev`. Vitest shares this config (jsdom).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  // Relative asset URLs so the bundle works from Tauri's custom protocol as well as from a server.
  base: './',
  clearScreen: false,
  envPrefix: ['VITE_', 'TAURI_ENV_'],
  server: {
    port: 5173,
    strictPort: true,
    // The Rust side rebuilds constantly next door; do not reload the UI for it.
    watch: { ignored: ['**/src-tauri/**', '**/target/**'] },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The app runs from local disk: a large vendor chunk costs nothing over a network, so only
    // keep the framework apart from our code for caching between releases.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|dayjs)[\\/]/ },
          ],
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    restoreMocks: true,
    // antd forms typed with user-event in jsdom take tens of seconds on a busy 2-core machine.
    testTimeout: 60000,
  },
});
