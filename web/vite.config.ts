import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The web app: built into web/dist, which the server serves (falling back to index.html for client routes).
 *
 * A production build is a production build whatever NODE_ENV the shell has: run from a test runner (vitest sets
 * NODE_ENV=test) the build used to bundle React's development code, five to ten times slower to render, and every
 * browser test and speed figure was taken on it.
 */
export default defineConfig(({ command, mode }) => {
  if (command === 'build' && mode === 'production') process.env['NODE_ENV'] = 'production';
  return config;
});

const config = {
  root,
  plugins: [react()],
  // The draw verifier runs in the browser (复核本次抽取, web/src/verify/): its domain code's node:crypto is the browser
  // adapter there, so the page runs the very code the CLI runs. Only the verification worker reaches node:crypto.
  resolve: { alias: { 'node:crypto': fileURLToPath(new URL('./src/verify/node_crypto.ts', import.meta.url)) } },
  worker: { format: 'es' as const },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // antd alone is ~1 MB minified; pages are split per route, the vendor chunk is expected to be large.
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      output: {
        // Named vendor chunks change only when dependencies do, so browsers keep them across releases.
        codeSplitting: {
          groups: [
            { name: 'vendor-react', test: /node_modules[\\/](react|react-dom|react-router|scheduler|@tanstack)[\\/]/ },
            { name: 'vendor-antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|@emotion|dayjs|@babel)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
} satisfies UserConfig;
