import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * Vite wraps each `import()` in a helper that first loads the chunk's CSS (`<link>`s): ~0.6 KB gzip in the chat's
 * entry. The frame's CSS is all in styles.css, linked from frame.html, so the helper would only ever call `import()`;
 * this plugin makes it do just that, and fails the build if a lazy chunk ever brings CSS of its own.
 */
const plainDynamicImports = (): Plugin => ({
  name: 'oceras:plain-dynamic-imports',
  enforce: 'pre',
  load: (id) => (id === '\0vite/preload-helper.js' ? 'export const __vitePreload = (load) => load();' : undefined),
  generateBundle(_, bundle) {
    for (const chunk of Object.values(bundle))
      if (chunk.type === 'chunk' && !chunk.isEntry && chunk.viteMetadata?.importedCss.size)
        this.error(`${chunk.fileName} imports CSS: link it from frame.html (styles.css) instead`);
  },
});

/**
 * engine.io-client's default transports, lighter (~1.3 KB gzip less in the chat): long-polling through its `Fetch`
 * transport (exported for this: the same protocol, on fetch()) instead of the XMLHttpRequest one, which carries code
 * for old browsers; and no WebTransport, which the Oceras server does not offer. No cookie is involved either way
 * (the widget sets none; polling is pinned by address, deploy/nginx-upstreams.conf.template). Fails the build if the
 * module changes shape.
 */
const lighterTransports = (): Plugin => ({
  name: 'oceras:lighter-transports',
  enforce: 'pre',
  transform(code, id) {
    const file = id.replaceAll('\\', '/');
    // Its module-level code (an unload handler that aborts its requests) goes with it.
    if (file.endsWith('/engine.io-client/build/esm/transports/polling-xhr.js'))
      return { code, moduleSideEffects: false };
    if (!file.endsWith('/engine.io-client/build/esm/transports/index.js')) return;
    const out = code
      .replace('import { XHR } from "./polling-xhr.node.js";', 'import { Fetch as XHR } from "./polling-fetch.js";')
      .replace(/^import \{ WT \} from "\.\/webtransport\.js";$/m, '')
      .replace(/^\s*webtransport: WT,$/m, '');
    if (out.includes('WT') || !out.includes('Fetch as XHR'))
      this.error('engine.io-client changed: update oceras:lighter-transports');
    return out;
  },
});

/** The chat frame: frame.html plus content-hashed assets, served under /widget/. Preact JSX through oxc. */
export default defineConfig({
  root: fileURLToPath(new URL('src/frame', import.meta.url)),
  base: '/widget/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [plainDynamicImports(), lighterTransports()],
  // socket.io-parser with its binary support, for a chat that exchanges JSON only (json-parser.ts says why).
  resolve: { alias: { 'socket.io-parser': fileURLToPath(new URL('src/frame/json-parser.ts', import.meta.url)) } },
  build: {
    outDir: fileURLToPath(new URL('dist/frame', import.meta.url)),
    emptyOutDir: true,
    // Class fields as written (es2020 rewrote each with a helper): every browser with ES2020 but Safari 13.1–14.0
    // has them, and those are from 2020.
    target: 'es2022',
    modulePreload: false,
    // .vite/manifest.json (not served): which chunks the entry imports and which load on demand, for the bench.
    manifest: true,
    rollupOptions: { input: fileURLToPath(new URL('src/frame/frame.html', import.meta.url)) },
  },
});
