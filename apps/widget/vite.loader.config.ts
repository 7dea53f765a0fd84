import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The loader: one small classic script (IIFE), no dependencies, served as /widget.js. */
export default defineConfig({
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('dist/loader', import.meta.url)),
    emptyOutDir: true,
    // As the frame: a browser without ES2020 cannot run the chat anyway, and native `?.`/`??` keep this under 3 KB.
    target: 'es2020',
    minify: true,
    lib: {
      entry: fileURLToPath(new URL('src/loader/widget.ts', import.meta.url)),
      formats: ['iife'],
      name: 'OcerasLoader',
      fileName: () => 'widget.js',
    },
  },
});
