// Bundles the server, @oceras/protocol and the pure-JavaScript dependencies into dist/main.mjs. One file loads
// in a fraction of the time Node needs to resolve and read several hundred small modules (start-up is a goal:
// see docs/PERFORMANCE.md). What cannot be bundled stays in node_modules: native addons (bcrypt), packages
// that read files next to themselves at run time (PGlite's WebAssembly, Swagger UI's assets), optional native
// accelerators, and what is only loaded on demand (nodemailer, inbound email's smtp-server, mailparser and
// email-reply-parser, PGlite, expo-server-sdk, which also reads its own
// package.json, and undici, which push loads with it: one copy, the SDK's; sharp, a native addon loaded with the
// first thumbnail, and the AWS SDK, loaded only with STORAGE_DRIVER=s3).
import { cp, rm } from 'node:fs/promises';
import { build } from 'esbuild';

const external = [
  'bcrypt',
  '@electric-sql/pglite',
  'drizzle-orm/pglite',
  '@fastify/swagger-ui',
  'nodemailer',
  'smtp-server',
  'mailparser',
  'email-reply-parser',
  'expo-server-sdk',
  'undici',
  'pino',
  'pg-native',
  'bufferutil',
  'utf-8-validate',
  'sharp',
  '@aws-sdk/client-s3',
  '@aws-sdk/s3-request-presigner',
];

await rm('dist', { recursive: true, force: true });
await build({
  entryPoints: ['src/main.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: 'dist/main.mjs',
  external: external.flatMap((d) => [d, `${d}/*`]),
  minifySyntax: true,
  sourcemap: true,
  logLevel: 'warning',
  // Bundled CommonJS packages call require(); give the ES module one.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
await cp('src/db/migrations', 'dist/migrations', { recursive: true });
