import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Served by admin-api at /console; `npm run dev -w @aigw/console` proxies /admin to a local gateway.
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
  server: { proxy: { '/admin': process.env.AIGW_URL ?? 'http://127.0.0.1:8080' } },
});
