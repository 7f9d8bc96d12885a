// Builds the web app into web/dist (served by `truce serve`, see src/server/routes/web.ts).
// `npm run build:web` from the repository root; `npx vite --config web/vite.config.ts` serves it live and proxies
// /api to a running `truce serve` (port $PORT or 4780).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
  server: { proxy: { '/api': `http://127.0.0.1:${process.env.PORT ?? 4780}` } },
});
