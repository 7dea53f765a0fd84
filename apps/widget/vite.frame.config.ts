import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The chat frame: frame.html plus content-hashed assets, served under /widget/. Preact JSX through oxc. */
export default defineConfig({
  root: fileURLToPath(new URL('src/frame', import.meta.url)),
  base: '/widget/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('dist/frame', import.meta.url)),
    emptyOutDir: true,
    target: 'es2020',
    modulePreload: false,
    rollupOptions: { input: fileURLToPath(new URL('src/frame/frame.html', import.meta.url)) },
  },
});
